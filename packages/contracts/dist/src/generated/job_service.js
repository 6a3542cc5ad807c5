export {};
//# sourceMappingURL=job_service.js.map