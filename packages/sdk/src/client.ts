import createFetchClient from 'openapi-fetch';
import { operations as defaultOperations } from './core/catalog.js';
import type { OperationSpec } from './core/catalog-types.js';
import { executeRequest, prepareRequest, type PreparedRequest, type RetryEvent } from './core/call.js';
import type { HttpAnswer } from './core/envelope.js';
import { AbortedError, ConnectionError, TimeoutError, ValidationError } from './core/errors.js';
import { createPager } from './core/pagination.js';
import type { Params } from './core/params.js';
import { toRecord } from './core/records.js';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  redact,
  resolveBaseUrl,
  type Region,
} from './core/request.js';
import type { GeneratedApi, PagedOptions, RequestOptions } from './types.js';

export interface ClientOptions {
  /** Your Just One API token. Default: the JUSTONEAPI_TOKEN environment variable. */
  token?: string;
  /** 'global' (https://api.justoneapi.com, default) or 'cn' (mainland China). */
  region?: Region;
  /** Overrides the region's base URL (e.g. a sandbox). */
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
  /** Operation catalog (default: the one generated from specs/). */
  operations?: readonly OperationSpec[];
}

export type JustOneApiClient = GeneratedApi & {
  /** Calls any catalog operation by id. */
  call(operationId: string, params?: Params, options?: RequestOptions): Promise<unknown>;
  readonly operations: readonly OperationSpec[];
  readonly baseUrl: string;
};

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new AbortedError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What openapi-fetch hands to fetch: the final URL and init, without building a Request. */
class UrlAndInit {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new ValidationError(`${name} must be a whole number >= ${min}, got ${String(value)}.`, name);
  }
}

export function createClient(options: ClientOptions = {}): JustOneApiClient {
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
  checkCount('timeoutMs', options.timeoutMs, 1);
  checkCount('maxRetries', options.maxRetries, 0);
  const baseUrl = resolveBaseUrl(options.region, options.baseUrl);
  const list = options.operations ?? defaultOperations;
  const doFetch = options.fetch ?? globalThis.fetch;
  // openapi-fetch builds a Request and fetch() then builds another from it (each following our abort
  // signal): about a third of the client's own cost per call. Its `Request` option lets the URL and
  // init pass straight to fetch(url, init), so exactly one Request is made, by fetch itself.
  const api = createFetchClient<Record<string, never>>({
    baseUrl,
    Request: UrlAndInit as unknown as typeof Request,
    fetch: (req: Request) => doFetch((req as unknown as UrlAndInit).url, (req as unknown as UrlAndInit).init),
  });

  async function send(
    req: PreparedRequest,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, timeoutMs);
    const onAbort = () => attempt.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const details = { operation: req.op.id };
    try {
      if (signal?.aborted) throw new AbortedError(details);
      const { response, data, error } = await (
        api.GET as unknown as (
          path: string,
          init: object,
        ) => Promise<{ response: Response; data?: unknown; error?: unknown }>
      )(req.op.path, {
        params: { query: { token, ...req.params } },
        parseAs: 'text',
        signal: attempt.signal,
      });
      const body = data ?? error ?? '';
      return {
        status: response.status,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'retry-after': response.headers.get('retry-after') ?? undefined },
      };
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      if (signal?.aborted) throw new AbortedError(details);
      if (timedOut) throw new TimeoutError(timeoutMs, details);
      const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
      const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      throw new ConnectionError(redact(String(reason), token), details);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function linkSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
    return a && b ? AbortSignal.any([a, b]) : (a ?? b);
  }

  async function run(
    op: OperationSpec,
    params: Params | undefined,
    req: PreparedRequest | undefined,
    o: RequestOptions = {},
  ) {
    checkCount('timeoutMs', o.timeoutMs, 1);
    checkCount('maxRetries', o.maxRetries, 0);
    const prepared = req ?? prepareRequest(op, params, { baseUrl, token });
    const signal = linkSignals(options.signal, o.signal);
    const timeoutMs = o.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return executeRequest(prepared, {
      send: (r) => send(r, signal, timeoutMs),
      sleep: (ms) => sleep(ms, signal),
      policy: { maxRetries: o.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES },
      now: Date.now,
      secret: token,
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
  }

  async function* pages(op: OperationSpec, params: Params | undefined, o: PagedOptions = {}) {
    const first = prepareRequest(op, params, { baseUrl, token });
    const pager = createPager(op, first.params, o);
    for (let next = pager.next(); next; next = pager.next()) {
      const result = await run(op, next, undefined, o);
      yield { ...result, ...pager.accept(result.data) };
    }
  }

  function methodFor(op: OperationSpec) {
    const method = (params?: Params, o?: RequestOptions) => run(op, params, undefined, o);
    const extra = {
      operation: op,
      pages: (params?: Params, o?: PagedOptions) => pages(op, params, o),
      async *items(params?: Params, o?: PagedOptions) {
        for await (const page of pages(op, params, o)) yield* page.items;
      },
      async *records(params?: Params, o?: PagedOptions) {
        for await (const page of pages(op, params, o))
          for (const item of page.items) yield toRecord(op, item);
      },
    };
    return Object.assign(method, extra);
  }

  const client: Record<string, unknown> = {
    operations: list,
    baseUrl,
    call(operationId: string, params?: Params, o?: RequestOptions) {
      const op = list.find((x) => x.id === operationId);
      if (!op)
        return Promise.reject(
          new ValidationError(
            `Unknown operation "${operationId}". Known: ${list.map((x) => x.id).join(', ')}.`,
          ),
        );
      return run(op, params, undefined, o);
    },
  };
  for (const op of list) {
    const ns = (client[op.namespace] ??= {}) as Record<string, unknown>;
    ns[op.method] = methodFor(op);
  }
  return client as JustOneApiClient;
}
