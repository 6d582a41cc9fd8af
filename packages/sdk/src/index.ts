export * from './core/index.js';
export { createClient, type ClientOptions, type JustOneApiClient } from './client.js';
export type * from './types.js';
