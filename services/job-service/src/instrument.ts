import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('job-service');
