import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('order-orchestrator');
