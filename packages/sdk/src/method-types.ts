import type { PageOptions, PageResult } from './core/pagination.js';
import type { OperationSpec } from './core/catalog-types.js';
import type { components } from './generated/openapi.js';

/** An item of an operation whose answer the vendor does not type: a JSON object. */
export type ApiItem = Record<string, unknown>;

/** The `data` of a typed Result schema in components (e.g. 'XhsUserSearchResult'). */
export type ResultData<Name extends keyof components['schemas']> = components['schemas'][Name] extends {
  data?: infer D;
}
  ? NonNullable<D>
  : unknown;

/** The element type of the list at `Path` ('' for `data` itself). */
export type ItemAt<D, Path extends string> = Path extends ''
  ? D extends ReadonlyArray<infer I>
    ? I
    : ApiItem
  : Path extends keyof D
    ? NonNullable<D[Path]> extends ReadonlyArray<infer I>
      ? I
      : ApiItem
    : ApiItem;

export interface RequestOptions {
  /** Aborts this call, including a backoff wait between retries. `AbortSignal.timeout(ms)` sets an overall deadline. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (default: the client's, 60000). */
  timeoutMs?: number;
  /** Retries for this call (default: the client's, 2). */
  maxRetries?: number;
}

export type PagedOptions = PageOptions & RequestOptions;

/** One successful call: the typed `data` plus the envelope's fields. */
export interface ApiResult<D> {
  data: D;
  code: 0;
  message: string | null;
  recordTime: string | null;
  requestId?: string;
}

/** The HTTP side of a successful call, from `.withResponse()`. */
export interface RawResponse {
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

/** A call in flight: await it for the result, or call `.withResponse()` for the HTTP status and headers too. */
export interface ApiPromise<D> extends Promise<ApiResult<D>> {
  withResponse(): Promise<{ result: ApiResult<D>; response: RawResponse; requestId?: string }>;
}

/** One page from `pages()`: the call's result plus the new, de-duplicated items. */
export interface ApiPage<D, I> extends ApiResult<D>, PageResult<I> {}

/** What the generator knows of one operation (see OperationTypes in generated/api.ts). */
export interface OperationTypeInfo {
  params: object;
  data: unknown;
  item: unknown;
  record: object;
  paged: boolean;
}

type Args<P, O> = Record<string, never> extends P ? [params?: P, options?: O] : [params: P, options?: O];

/** A generated method: call it for one answer. */
export interface OperationMethod<T extends OperationTypeInfo> {
  (...args: Args<T['params'], RequestOptions>): ApiPromise<T['data']>;
  readonly operation: OperationSpec;
}

/** A generated method of a paged operation: call it for one page, or iterate `pages()`, `items()` or `records()`. */
export interface PagedMethod<T extends OperationTypeInfo> extends OperationMethod<T> {
  /** Every page, in order, until the end of results or a limit (maxPages defaults to 10). */
  pages(...args: Args<T['params'], PagedOptions>): AsyncIterable<ApiPage<T['data'], T['item']>>;
  /** Every item across pages, de-duplicated by id where the item has a known id. */
  items(...args: Args<T['params'], PagedOptions>): AsyncIterable<T['item']>;
  /** Every item as a flat record (the documented columns, or flattened fields). */
  records(...args: Args<T['params'], PagedOptions>): AsyncIterable<T['record']>;
}
