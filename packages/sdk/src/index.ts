export * from './core/runtime.js';
export { createClient, type ClientOptions, type JustOneApiClient } from './client.js';
export type * from './types.js';
