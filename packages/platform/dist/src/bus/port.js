export class UnknownTopicError extends Error {
    name = 'UnknownTopicError';
}
//# sourceMappingURL=port.js.map