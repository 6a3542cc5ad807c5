import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('participants');
