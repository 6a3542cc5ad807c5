export * from "./codec.js";
export * from "./headers.js";
export * from "./job-status.js";
export * from "./job-types.js";
export * from "./proto.js";
export * from "./timestamp.js";
export * from "./topics.js";
export * from "./ws-protocol.js";
//# sourceMappingURL=index.js.map