import type { PageOptions, PageResult } from './core/pagination.js';
import type { OperationSpec } from './core/catalog-types.js';
import type { Ledger, Usage } from './core/ledger.js';
import type { ParamValue } from './core/params.js';
import type { FlatRecord } from './core/records.js';
import type { RowsOptions } from './core/rows.js';
import type { SeenStore } from './core/seen.js';
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
  /**
   * Also count this call (or run) in this Ledger (`new Ledger({ maxRequests })`), e.g. one per job or
   * per message; its budget applies too. The client's own `usage` counts it either way.
   */
  ledger?: Ledger;
  /**
   * Names of the vendor's danger highlights you accept, e.g. `['direct-api-call']` for
   * taobao.getItemDetailV2 ("Direct calls to this endpoint do not fetch product data"). Without them such
   * a call is refused with a ValidationError (`reason.kind: 'danger-unacknowledged'`, `reason.highlight`) and nothing is sent.
   */
  acknowledge?: readonly string[];
}

export interface RunOptions {
  /**
   * Most HTTP requests (retries included) this run may send. The run stops before the request past
   * it with a BudgetExceededError whose `next` is where to resume. Default: no cap (maxPages still applies).
   */
  maxRequests?: number;
  /**
   * Only items no earlier run emitted: ids are remembered in this store per (operation, params without
   * paging state); `maxItems` then counts new items. Needs an operation whose items have an id.
   * `new MemorySeenStore()` (core) or `new FileSeenStore(path)` (Node).
   */
  onlyNew?: SeenStore;
  /**
   * With `onlyNew`: stop at the first page whose every item an earlier run delivered (reason `seen-before`):
   * in a newest-first list the next pages hold older items, and each costs a request, so a poll with
   * nothing new costs one. Default false: reads on into older pages (and completes a run an error cut short).
   */
  stopAtSeen?: boolean;
  /**
   * The field (a dot path inside each item, e.g. "aweme_id") that identifies an item, for `onlyNew` and
   * de-duplication, where the vendor documents none for the operation. Default: the documented id.
   */
  itemId?: string;
}

export type PagedOptions = PageOptions & RequestOptions & RunOptions;

/** Options of `records()`: a run's options and the columns to give (see RowsOptions). */
export type RecordOptions = PagedOptions & RowsOptions;

/**
 * What `pages()`, `items()` and `records()` return: an async iterable (iterate it once) that also tells
 * what the run spent and where it can continue.
 */
export interface RunIterable<T> extends AsyncIterable<T> {
  /** This run's ledger so far (a copy): requests, ok, failed by code, retries, pages, items, duplicates … */
  readonly usage: Usage;
  /**
   * The params of the page this run would fetch next; undefined once the last page was fetched. After an
   * error, a budget stop or a limit, pass them as the params of a new run to continue without fetching a
   * page twice (paging options such as startPage are then not needed).
   */
  readonly resume: Record<string, ParamValue> | undefined;
}

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
  pages(...args: Args<T['params'], PagedOptions>): RunIterable<ApiPage<T['data'], T['item']>>;
  /** Every item across pages, de-duplicated by id where the item has a known id. */
  items(...args: Args<T['params'], PagedOptions>): RunIterable<T['item']>;
  /**
   * Every item as a flat row: the curated record where the operation has one, else compact rows (at most
   * 30 columns, the shared wrapper dropped from names, epoch times as ISO dates, a URL list's first URL).
   * `columns` picks and renames them: "likes=statistics.digg_count, author=author.nickname"; `*` gives all.
   */
  records(
    params: T['params'] | undefined,
    options: RecordOptions & { columns: NonNullable<RowsOptions['columns']> },
  ): RunIterable<FlatRecord>;
  records(...args: Args<T['params'], PagedOptions>): RunIterable<T['record']>;
}
