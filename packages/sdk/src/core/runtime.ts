// What a request needs at run time; docs-only data (long descriptions, the code table) is in index.ts.
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
export * from './columns.js';
export * from './budget.js';
export * from './ledger.js';
export * from './seen.js';
