// The pure core: no I/O and no host globals (fetch, process, globalThis, timers), so Node,
// n8n, Node-RED and Apps Script all reuse it with their own transport and sleep.
export * from './catalog-types.js';
export * from './catalog.js';
export * from './errors.js';
export * from './params.js';
export * from './request.js';
export * from './envelope.js';
export * from './retry.js';
export * from './call.js';
export * from './pagination.js';
export * from './records.js';
