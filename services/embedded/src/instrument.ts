import { startTelemetry } from '@jobtrack/platform/telemetry';

startTelemetry('jobtrack-embedded');
