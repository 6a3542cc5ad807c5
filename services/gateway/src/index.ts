export { createGatewayApp, type GatewayAppDeps } from './app.ts';
export { startGateway } from './gateway.ts';
