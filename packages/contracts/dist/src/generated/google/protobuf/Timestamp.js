// Original file: null
export {};
//# sourceMappingURL=Timestamp.js.map