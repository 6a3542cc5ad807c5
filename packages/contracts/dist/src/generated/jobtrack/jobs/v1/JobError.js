// Original file: proto/jobtrack/jobs/v1/job.proto
export {};
//# sourceMappingURL=JobError.js.map