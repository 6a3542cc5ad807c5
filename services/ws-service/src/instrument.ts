import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('ws-service');
