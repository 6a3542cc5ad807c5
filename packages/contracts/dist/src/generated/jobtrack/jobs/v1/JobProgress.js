// Original file: proto/jobtrack/jobs/v1/job.proto
export {};
//# sourceMappingURL=JobProgress.js.map