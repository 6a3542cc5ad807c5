// Original file: proto/jobtrack/events/v1/events.proto
export {};
//# sourceMappingURL=ParticipantCommand.js.map