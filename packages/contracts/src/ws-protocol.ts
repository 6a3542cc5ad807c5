/**
 * The WebSocket protocol: JSON text frames, one object each. The schemas here are its single source: the server
 * validates client frames with them, the types follow from them, and docs/asyncapi.json is generated from them
 * by packages/api-docs (docs/websocket-protocol.md is the prose). Browser-safe: nothing here reads files
 * or loads proto definitions; the document builder stays out so that browser bundles do not carry it.
 */
export * from './ws-protocol/client-frames.ts';
export * from './ws-protocol/constants.ts';
export * from './ws-protocol/server-frames.ts';
