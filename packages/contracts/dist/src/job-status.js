/** Job statuses as REST and WebSocket clients see them; proto carries them as JOB_STATUS_<name>. */
export const JOB_STATUSES = [
    'PENDING',
    'RUNNING',
    'SUCCEEDED',
    'FAILED',
    'COMPENSATING',
    'COMPENSATED',
    'CANCELLED',
];
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);
export function isTerminal(status) {
    return TERMINAL.has(status);
}
const PREFIX = 'JOB_STATUS_';
export function toProtoStatus(status) {
    return `${PREFIX}${status}`;
}
/** The client-facing name of a proto status; UNSPECIFIED (a sender that set nothing) is not a status. */
export function fromProtoStatus(status) {
    const name = status.startsWith(PREFIX) ? status.slice(PREFIX.length) : status;
    return JOB_STATUSES.includes(name) ? name : undefined;
}
//# sourceMappingURL=job-status.js.map