import type { PageOptions, PageResult } from './core/pagination.js';
import type { FlatRecord } from './core/records.js';
import type { OperationSpec } from './core/catalog-types.js';
import type { GeneratedOperations } from './generated/operations.js';

type Entry = { op: unknown; itemsPath: string | null };
type QueryOf<O> = O extends { parameters: { query?: infer Q } }
  ? Omit<NonNullable<Q>, 'token'>
  : Record<string, never>;
type DataOf<O> = O extends { responses: { 200: { content: { 'application/json': { data: infer D } } } } }
  ? NonNullable<D>
  : unknown;
type ElementOf<L> = L extends ReadonlyArray<infer I> ? I : unknown;
type ItemOf<D, Path> = Path extends '' ? ElementOf<D> : Path extends keyof D ? ElementOf<D[Path]> : unknown;

export interface RequestOptions {
  /** Aborts this call, including a backoff wait between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (default: the client's, 60000). */
  timeoutMs?: number;
  /** Retries for this call (default: the client's, 2). */
  maxRetries?: number;
}

/** One successful call: the typed `data` plus the envelope's fields. */
export interface ApiResult<D> {
  data: D;
  code: 0;
  message: string | null;
  recordTime: string | null;
  requestId?: string;
}

/** One page from `pages()`: the call's result plus the new, de-duplicated items. */
export interface ApiPage<D, I> extends ApiResult<D>, PageResult<I> {}

export type PagedOptions = PageOptions & RequestOptions;

type ParamsArg<P> =
  Record<string, never> extends P
    ? [params?: P, options?: RequestOptions]
    : [params: P, options?: RequestOptions];
type PagedArgs<P> =
  Record<string, never> extends P
    ? [params?: P, options?: PagedOptions]
    : [params: P, options?: PagedOptions];

/** A generated method: call it for one page, or iterate `pages()`, `items()` or `records()`. */
export interface OperationMethod<P, D, I> {
  (...args: ParamsArg<P>): Promise<ApiResult<D>>;
  /** Every page, in order, until the end of results or a limit (maxPages defaults to 10). */
  pages(...args: PagedArgs<P>): AsyncIterable<ApiPage<D, I>>;
  /** Every item across pages, de-duplicated by id. */
  items(...args: PagedArgs<P>): AsyncIterable<I>;
  /** Every item as a flat record (the documented columns). */
  records(...args: PagedArgs<P>): AsyncIterable<FlatRecord>;
  readonly operation: OperationSpec;
}

type MethodOf<E> = E extends { op: infer O; itemsPath: infer Path }
  ? OperationMethod<QueryOf<O>, DataOf<O>, ItemOf<DataOf<O>, Path>>
  : never;
type Namespace<K> = K extends `${infer N}.${string}` ? N : never;

/** The namespaces and methods built from specs/: `client.xiaohongshu.searchUsers(...)`. */
export type GeneratedApi<Ops = GeneratedOperations> = {
  [N in Namespace<keyof Ops>]: {
    [K in keyof Ops as K extends `${N}.${infer M}` ? M : never]: MethodOf<
      Ops[K] extends Entry ? Ops[K] : never
    >;
  };
};

/** Params, data and item types by operation id, for code that is generic over operations. */
export type ParamsOf<Id extends keyof GeneratedOperations> = QueryOf<GeneratedOperations[Id]['op']>;
export type ResponseDataOf<Id extends keyof GeneratedOperations> = DataOf<GeneratedOperations[Id]['op']>;
export type ItemTypeOf<Id extends keyof GeneratedOperations> = ItemOf<
  DataOf<GeneratedOperations[Id]['op']>,
  GeneratedOperations[Id]['itemsPath']
>;

export type XhsUser = ItemTypeOf<'xiaohongshu.searchUsers'>;
export type XhsFeedNote = ItemTypeOf<'xiaohongshu.getNoteFeed'>;
export type FeedId = NonNullable<ParamsOf<'xiaohongshu.getNoteFeed'>['oid']>;
