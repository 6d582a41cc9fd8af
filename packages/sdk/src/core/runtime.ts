// What a request needs at run time (@justoneapi/sdk/runtime); long texts (descriptions) are in docs.ts.
export * from './catalog-types.js';
export * from './catalog.js';
export * from './errors.js';
export * from './params.js';
export * from './request.js';
export * from './envelope.js';
export * from './retry.js';
export * from './call.js';
export * from './pagination.js';
export * from './stop-reasons.js';
export * from './records.js';
export * from './columns.js';
export * from './codes.js';
export * from './labels.js';
export * from './budget.js';
export * from './ledger.js';
export * from './seen.js';
