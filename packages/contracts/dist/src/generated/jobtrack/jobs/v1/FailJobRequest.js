// Original file: proto/jobtrack/jobs/v1/job_service.proto
export {};
//# sourceMappingURL=FailJobRequest.js.map