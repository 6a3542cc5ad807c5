export { type Adapters, createAdapters } from './adapters.ts';
export { type EmbeddedOptions, type EmbeddedPlatform, startEmbeddedPlatform } from './platform.ts';
