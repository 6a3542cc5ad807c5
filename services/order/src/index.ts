export { type OrderOrchestratorDeps, startOrderOrchestrator } from './orchestrator.ts';
export { orderPlaceSaga } from './order-saga.ts';
