export * from './bus-contract.ts';
export * from './collector.ts';
export * from './infra.ts';
export * from './ports.ts';
export * from './scratch-broker.ts';
