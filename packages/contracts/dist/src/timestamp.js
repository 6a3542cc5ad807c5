export function timestampFromMillis(ms) {
    return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
export function millisFromTimestamp(ts) {
    if (!ts)
        return undefined;
    return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}
//# sourceMappingURL=timestamp.js.map