import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('media-orchestrator');
