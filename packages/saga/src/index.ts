export * from './definition.ts';
export * from './machine.ts';
export * from './metrics.ts';
export * from './orchestrator.ts';
export * from './start-command.ts';
export * from './store.ts';
