// Original file: proto/jobtrack/events/v1/events.proto
export {};
//# sourceMappingURL=StartJobCommand.js.map