// The pure core: no I/O and no host globals (fetch, process, globalThis, timers), so Node,
// n8n, Node-RED and Apps Script all reuse it with their own transport and sleep.
export * from './runtime.js';
export * from './docs.js';
export * from './column-docs.js';
