import createFetchClient, { type Client } from 'openapi-fetch';
import { findOperationIn } from './core/catalog-decode.js';
import { withEnumLabels } from './enum-labels.js';
import type { OperationSpec } from './core/catalog-types.js';
import type { PreparedRequest, RetryEvent } from './core/call.js';
import type { Envelope, HttpAnswer } from './core/envelope.js';
import { AbortedError, ConnectionError, TimeoutError, ValidationError } from './core/errors.js';
import { Ledger, type Usage } from './core/ledger.js';
import type { Params, ParamValue } from './core/params.js';
import { ColumnsError, createRows, type Rows } from './core/rows.js';
import { checkCount, createRun } from './core/run.js';
import { type AsyncIo, runAsync } from './core/run-async.js';
import type { Run, RunPage } from './core/run-types.js';
import {
  buildQuery,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Region,
  redact,
  resolveBaseUrl,
} from './core/request.js';
import type { GeneratedApi, OperationId, OperationTypes } from './generated/api.js';
import type { paths } from './generated/openapi.js';
import type {
  ApiPromise,
  ApiResult,
  PagedOptions,
  RecordOptions,
  RawResponse,
  RequestOptions,
  RunIterable,
} from './method-types.js';

/** What `onRequest` sees: never the token. */
export interface RequestEvent {
  operation: string;
  method: 'GET' | 'POST';
  /** The URL with the token masked. */
  url: string;
  /** 0 for the first attempt. */
  attempt: number;
}

/** What `onResponse` sees after each answer (also failed ones): never the token. */
export interface ResponseEvent extends RequestEvent {
  status: number;
  durationMs: number;
}

export interface ClientOptions {
  /** Your Just One API token. Default: the JUSTONEAPI_TOKEN environment variable. */
  token?: string;
  /** 'global' (https://api.justoneapi.com, default) or 'cn' (http://47.117.133.51:30015: plain HTTP, the token travels unencrypted). */
  region?: Region;
  /** Overrides the region's base URL (e.g. a sandbox, or your own HTTPS proxy). */
  baseUrl?: string;
  /** Per-attempt timeout in ms. Default 60000, as the vendor recommends. */
  timeoutMs?: number;
  /** Retries for retryable failures (301, 302, 500/503, network, timeout). Default 2. */
  maxRetries?: number;
  /** A fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
  /** Aborts every call of this client. */
  signal?: AbortSignal;
  /** Called before each retry wait; the URL in the event is redacted. */
  onRetry?: (event: RetryEvent) => void;
  /** Called before each attempt is sent (logging, metrics); the URL is redacted. */
  onRequest?: (event: RequestEvent) => void;
  /** Called when each attempt's answer arrives; the URL is redacted. */
  onResponse?: (event: ResponseEvent) => void;
  /** Operation catalog (default: every operation of the entry you import). */
  operations?: readonly OperationSpec[];
  /**
   * Most HTTP requests (retries included) this client may send in its lifetime: the next one past it
   * is refused with a BudgetExceededError before it is sent. Default: no cap.
   */
  maxRequests?: number;
}

/** The whole client: one namespace per platform, plus `call`, `http` and the catalog. */
export interface JustOneApiClient extends GeneratedApi, ClientBase {}

export interface ClientBase {
  /** Calls any catalog operation by id ("douyin.searchVideoV4"). */
  call<Id extends OperationId>(
    operationId: Id,
    params?: OperationTypes[Id]['params'],
    options?: RequestOptions,
  ): ApiPromise<OperationTypes[Id]['data']>;
  /**
   * The typed low-level client (openapi-fetch, typed by openapi-typescript from the vendor's document):
   * `client.http.GET('/api/douyin/search-video/v4', { params: { query: { keyword } } })`. It adds the token,
   * and nothing else: no envelope check, retries or paging.
   */
  readonly http: Client<paths>;
  /** Pages of any paged operation by id, as `client.<ns>.<method>.pages()`: for hosts that hold an id, not a method. */
  pages<Id extends OperationId>(
    operationId: Id,
    params?: OperationTypes[Id]['params'],
    options?: PagedOptions,
  ): RunIterable<RunPage>;
  /** Items of any paged operation by id, as `.items()`. */
  items<Id extends OperationId>(
    operationId: Id,
    params?: OperationTypes[Id]['params'],
    options?: PagedOptions,
  ): RunIterable<unknown>;
  /** Rows of any operation by id, as `.records()`. */
  records<Id extends OperationId>(
    operationId: Id,
    params?: OperationTypes[Id]['params'],
    options?: RecordOptions,
  ): RunIterable<Record<string, unknown>>;
  readonly operations: readonly OperationSpec[];
  readonly baseUrl: string;
  /** What this client has spent so far: requests, ok, failed by code, retries, pages, items … (a copy). */
  readonly usage: Usage;
}

type Answered = { envelope: Envelope<unknown>; response: RawResponse };

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal, {}));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal!, {}));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The caller's abort, as a timeout when it came from AbortSignal.timeout(): the reason is kept as `cause`. */
function abortError(signal: AbortSignal, details: { operation?: string }) {
  const reason: unknown = signal.reason;
  if ((reason as { name?: string } | undefined)?.name === 'TimeoutError') {
    return new TimeoutError(undefined, { ...details, cause: reason });
  }
  return new AbortedError({ ...details, cause: reason });
}

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers as Headers & Iterable<[string, string]>);
}

function apiPromise<D>(answered: Promise<Answered>): ApiPromise<D> {
  const toResult = ({ envelope }: Answered) => envelope as ApiResult<D>;
  const promise = answered.then(toResult) as ApiPromise<D>;
  promise.withResponse = () =>
    answered.then((a) => ({
      result: toResult(a),
      response: a.response,
      ...(a.envelope.requestId ? { requestId: a.envelope.requestId } : {}),
    }));
  return promise;
}

/**
 * A client over the given operations (`options.operations`, required here): the platform entries
 * (`@justoneapi/sdk/xiaohongshu` …) and the main entry's createClient() call it with their catalog.
 */
export function createBaseClient<Api = GeneratedApi>(
  options: ClientOptions & { operations: readonly OperationSpec[] },
): Api & ClientBase {
  const token = (
    options.token ??
    (typeof process !== 'undefined' ? process.env.JUSTONEAPI_TOKEN : undefined) ??
    ''
  ).trim();
  if (!token) {
    throw new ValidationError(
      'No Just One API token: pass createClient({ token }) or set the JUSTONEAPI_TOKEN environment variable.',
      'token',
    );
  }
  checkCount('timeoutMs', options.timeoutMs, 1, false);
  checkCount('maxRetries', options.maxRetries, 0, false);
  checkCount('maxRequests', options.maxRequests, 1, true);
  const clientLedger = new Ledger({
    ...(options.maxRequests !== undefined ? { maxRequests: options.maxRequests } : {}),
    scope: 'this client',
  });
  const baseUrl = resolveBaseUrl(options.region, options.baseUrl);
  const list = options.operations;
  const doFetch = options.fetch ?? globalThis.fetch;
  // The vendor's parameters are flat scalars: query and form body serialize alike, token first.
  const withToken = (values: unknown) => buildQuery((values ?? {}) as Record<string, ParamValue>, token);
  const withoutToken = (values: unknown) => buildQuery((values ?? {}) as Record<string, ParamValue>);
  const http = createFetchClient<paths>({
    baseUrl,
    fetch: (request) => doFetch(request),
    querySerializer: withToken,
    bodySerializer: withToken,
  });

  async function send(
    req: PreparedRequest,
    attemptNo: number,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<{ answer: HttpAnswer; response: RawResponse }> {
    // One controller and one timer per attempt (the timeout must cancel the request, not only stop
    // waiting for it); the caller's signal, when given, is followed by a listener, not AbortSignal.any.
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(), timeoutMs);
    const onAbort = signal && (() => attempt.abort());
    if (onAbort) signal!.addEventListener('abort', onAbort, { once: true });
    const op = req.op;
    // Built only for the hooks that read it.
    const event: RequestEvent | undefined =
      options.onRequest || options.onResponse
        ? { operation: op.id, method: req.method, url: req.safeUrl, attempt: attemptNo }
        : undefined;
    const started = event && Date.now();
    try {
      if (signal?.aborted) throw abortError(signal, { operation: op.id });
      options.onRequest?.(event!);
      const post = req.method === 'POST';
      // Token placement follows the vendor's document: in the form body for POST form operations.
      const inBody = op.tokenIn === 'body';
      const { response, data, error } = await http.request(
        post ? 'post' : 'get',
        op.path as never,
        {
          // A GET operation's validated params are all query parameters; the client's serializer adds the token.
          params: { query: post ? partOf(req, 'query') : req.params },
          parseAs: 'text',
          signal: attempt.signal,
          ...(post && {
            querySerializer: inBody ? withoutToken : withToken,
            bodySerializer: inBody ? withToken : withoutToken,
            ...(req.body !== undefined && {
              body: partOf(req, 'body'),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            }),
          }),
        } as never,
      );
      const body = (data ?? error ?? '') as unknown;
      const raw: RawResponse = { status: response.status, headers: headersOf(response) };
      options.onResponse?.({ ...event!, status: response.status, durationMs: Date.now() - started! });
      return {
        answer: {
          status: response.status,
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: raw.headers,
        },
        response: raw,
      };
    } catch (err) {
      if (err instanceof AbortedError || err instanceof TimeoutError) throw err;
      const details = { operation: op.id };
      if (signal?.aborted) throw abortError(signal, details);
      // Aborted, and not by the caller: by the timer.
      if (attempt.signal.aborted) throw new TimeoutError(timeoutMs, details);
      const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
      const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      throw new ConnectionError(redact(String(reason), token), { ...details, cause: err });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal!.removeEventListener('abort', onAbort);
    }
  }

  function partOf(req: PreparedRequest, where: 'query' | 'body'): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (const p of req.op.params)
      if (p.in === where && req.params[p.name] !== undefined) out[p.name] = req.params[p.name]!;
    return out;
  }

  /** What every call and run of this client shares: the target, the retry policy, the clock, the retry hook. */
  const runOptions = (o: RequestOptions, ledger: Ledger) => ({
    baseUrl,
    token,
    ledger,
    ...(o.acknowledge !== undefined && { acknowledge: o.acknowledge }),
    policy: { maxRetries: o.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES },
    now: Date.now,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });

  /** The engine's I/O for one call or run: this client's transport and sleep, and the caller's abort. */
  function ioFor(op: OperationSpec, o: RequestOptions, answered?: (r: RawResponse) => void): AsyncIo {
    checkCount('timeoutMs', o.timeoutMs, 1, false);
    checkCount('maxRetries', o.maxRetries, 0, false);
    const signal =
      options.signal && o.signal ? AbortSignal.any([options.signal, o.signal]) : (o.signal ?? options.signal);
    const timeoutMs = o.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return {
      send: async (req, attempt) => {
        const sent = await send(req, attempt, signal, timeoutMs);
        answered?.(sent.response);
        return sent.answer;
      },
      sleep: (ms) => sleep(ms, signal),
      // Aborted before a request: nothing is sent, so nothing is counted.
      cancelled: () => (signal?.aborted ? abortError(signal, { operation: op.id }) : undefined),
    };
  }

  /** One call: one request (retries aside) with the params as given, paged operation or not. */
  async function run(
    op: OperationSpec,
    params: Params | undefined,
    o: RequestOptions = {},
  ): Promise<Answered> {
    const ledger = o.ledger ? new Ledger({ parent: [clientLedger, o.ledger] }) : clientLedger;
    let response: RawResponse | undefined;
    const io = ioFor(op, o, (r) => (response = r));
    const call = createRun(await withEnumLabels(op, params), params, {
      ...runOptions(o, ledger),
      single: true,
    });
    // A call's one page is its answer; an error rejects instead.
    const { code, data, message, recordTime, requestId } = (await runAsync(call, io).next()).value!;
    const envelope: Envelope<unknown> = { code, data, message, recordTime };
    if (requestId !== undefined) envelope.requestId = requestId;
    return { envelope, response: response! };
  }

  /**
   * One paged run on the core's engine: its own ledger (under the client's), budget, "only new" filter
   * and resume point. `emit` turns each page into what the iterator yields (the page, its items, its records).
   */
  function paged<T>(
    op: OperationSpec,
    params: Params | undefined,
    o: PagedOptions,
    emit: (page: RunPage) => T[],
    hooks: { start?: () => void; after?: () => void } = {},
  ): RunIterable<T> {
    const ledger = new Ledger({
      ...(o.maxRequests !== undefined ? { maxRequests: o.maxRequests } : {}),
      parent: o.ledger ? [clientLedger, o.ledger] : clientLedger,
    });
    let machine: Run | undefined;
    async function* run_(): AsyncGenerator<T> {
      hooks.start?.();
      const store = o.onlyNew;
      const io = ioFor(op, o);
      const { startPage, maxPages, maxItems, maxRequests, itemId, stopAtSeen } = o;
      machine = createRun(await withEnumLabels(op, params), params, {
        ...runOptions(o, ledger),
        ...{ startPage, maxPages, maxItems, maxRequests, itemId, stopAtSeen },
        onlyNew: store !== undefined,
      });
      const run = machine;
      if (store) run.knownIds(await store.get(run.seenKey));
      const pages = runAsync(run, io);
      for await (const page of pages) {
        const out = emit(page);
        // An item is remembered as seen only once handed over: a consumer that stops mid-page, or
        // throws, gets the rest again on the next run instead of losing what was paid for.
        let handed = 0;
        try {
          for (const x of out) {
            handed++;
            yield x;
          }
        } finally {
          if (store) {
            const n = out.length === page.items.length ? handed : handed ? page.items.length : 0;
            await store.add(run.seenKey, run.delivered(n));
          }
        }
        hooks.after?.();
      }
    }
    return Object.defineProperties(run_(), {
      usage: { get: () => ledger.snapshot(), enumerable: true },
      resume: { get: () => machine?.resume, enumerable: true },
    }) as unknown as RunIterable<T>;
  }

  function methodFor(op: OperationSpec) {
    const method = (params?: Params, o?: RequestOptions) => apiPromise(run(op, params, o));
    return Object.assign(method, {
      operation: op,
      pages: (params?: Params, o: PagedOptions = {}) => paged(op, params, o, (page) => [page]),
      items: (params?: Params, o: PagedOptions = {}) => paged(op, params, o, (page) => page.items),
      records: (params?: Params, o: RecordOptions = {}) => {
        let rows: Rows;
        let problem: ColumnsError | undefined;
        const emit = (page: RunPage) => {
          const r = rows.page(page.items);
          if (r.missing.length) problem = new ColumnsError(r.missing, r.available, op.id);
          return r.rows;
        };
        // Rows of a page are delivered first; a column no item has then stops the run (no further spend).
        const after = () => {
          if (problem) throw problem;
        };
        return paged(op, params, o, emit, { start: () => (rows = createRows(op, o)), after });
      },
    });
  }

  const client: Record<string, unknown> = {
    operations: list,
    baseUrl,
    http,
    get usage() {
      return clientLedger.snapshot();
    },
    call(operationId: string, params?: Params, o?: RequestOptions) {
      let op: OperationSpec;
      try {
        op = findOperationIn(list, operationId);
      } catch (e) {
        return apiPromise(Promise.reject(new ValidationError((e as Error).message, undefined)));
      }
      return apiPromise(run(op, params, o));
    },
  };
  // By id, as the namespaces' methods; an unknown id throws a ValidationError at once (nothing sent).
  for (const kind of ['pages', 'items', 'records'] as const)
    client[kind] = (operationId: string, params?: Params, o?: RecordOptions) => {
      let op: OperationSpec;
      try {
        op = findOperationIn(list, operationId);
      } catch (e) {
        throw new ValidationError((e as Error).message, undefined);
      }
      return methodFor(op)[kind](params, o);
    };
  for (const op of list) {
    const ns = (client[op.namespace] ??= {}) as Record<string, unknown>;
    const m = methodFor(op);
    ns[op.method] = m;
    for (const alias of op.aliases ?? []) ns[alias] = m;
  }
  return client as unknown as Api & ClientBase;
}
