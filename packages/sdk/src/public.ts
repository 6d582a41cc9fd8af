// What every entry (the main one and each platform's) exports besides its createClient: errors,
// records, pagination and types. Internals (request building, envelope decoding …) are in /core.
export {
  AbortedError,
  ApiCodeError,
  CollectionFailedError,
  ConnectionError,
  DailyQuotaExceededError,
  type ErrorCode,
  errorTitle,
  InputTooLongError,
  InsufficientBalanceError,
  InvalidParamsError,
  InvalidResponseError,
  InvalidTokenError,
  JustOneApiError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnknownCodeError,
  ValidationError,
  type ValidationReason,
} from './core/errors.js';
export { type FlatRecord, flatten, toRecord } from './core/records.js';
export { ColumnsError, type RowsOptions } from './core/rows.js';
export type { ColumnChoice } from './core/column-spec.js';
// Spend control: the error and types here; Ledger, MemorySeenStore, estimateRequests, formatUsage … in
// /core (kept out of the client's bundle unless used); FileSeenStore in /file-seen-store (Node).
export { BudgetExceededError, type Estimate } from './core/budget.js';
export type { Ledger, Usage } from './core/ledger.js';
export type { SeenLimits, SeenState, SeenStore } from './core/seen.js';
export { DEFAULT_MAX_PAGES, type PageOptions, type PageResult, type StopReason } from './core/pagination.js';
export { BASE_URLS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type Region } from './core/request.js';
export type { RetryEvent } from './core/call.js';
export type {
  DangerHighlight,
  DocumentedOperation,
  Highlight,
  OperationSpec,
  PaginationSpec,
  ParamSpec,
} from './core/catalog-types.js';
export type { ClientBase, ClientOptions, RequestEvent, ResponseEvent } from './client.js';
export type * from './method-types.js';
export type * from './types.js';
export type { NoteRecord, UserRecord } from './generated/records.js';
export type * from './generated/api.js';
