import { BudgetExceededError, type ResumeInfo } from './budget.js';
import {
  type ExecuteOptions,
  executeRequest,
  executeRequestSync,
  type PreparedRequest,
  type RetryEvent,
} from './call.js';
import type { Envelope, HttpAnswer } from './envelope.js';
import { JustOneApiError } from './errors.js';

/**
 * What one run spent, itemised: every surface shows this (the SDK's `usage`, the CLI's summary line,
 * n8n's output metadata, Node-RED's `msg.justoneapi.usage`, the Sheets usage column).
 */
export interface Usage {
  /** HTTP requests sent, retries included: what reached (or was meant to reach) the API. */
  requests: number;
  /** Requests answered with code 0. */
  ok: number;
  /** Requests that failed, by business code (`"302"`) or failure name (`"TIMEOUT"`, `"CONNECTION"` …). */
  failed: Record<string, number>;
  /** Requests that were retries of a failed one (also counted in `requests`). */
  retries: number;
  /** Pages accepted by the paginator. */
  pages: number;
  /** Items emitted. */
  items: number;
  /** Items dropped because an earlier page of the same run had them. */
  duplicates: number;
  /** Items dropped because an earlier run had emitted them (`onlyNew`). */
  alreadySeen: number;
  /** Requests not sent because a cache answered. */
  cached: number;
  /** Requests not sent because a budget (`maxRequests`) was reached. */
  refused: number;
}

export function emptyUsage(): Usage {
  return {
    requests: 0,
    ok: 0,
    failed: {},
    retries: 0,
    pages: 0,
    items: 0,
    duplicates: 0,
    alreadySeen: 0,
    cached: 0,
    refused: 0,
  };
}

/** The sum of several usages (jobs of one run, a client's iterators). */
export function addUsage(...all: Usage[]): Usage {
  const out = emptyUsage();
  for (const u of all) {
    for (const k of [
      'requests',
      'ok',
      'retries',
      'pages',
      'items',
      'duplicates',
      'alreadySeen',
      'cached',
      'refused',
    ] as const)
      out[k] += u[k] ?? 0;
    for (const [code, n] of Object.entries(u.failed ?? {})) out.failed[code] = (out.failed[code] ?? 0) + n;
  }
  return out;
}

/** Total failed requests. */
export function failedCount(u: Usage): number {
  return Object.values(u.failed).reduce((a, b) => a + b, 0);
}

/**
 * One line for logs and status bars: "5 requests (4 ok, 1 failed: 302×1), 1 retry, 3 pages, 57 items,
 * 3 duplicates dropped". Zero counters after `pages` are left out.
 */
export function formatUsage(u: Usage, max?: number): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const failed = failedCount(u);
  const codes = Object.entries(u.failed)
    .map(([c, n]) => `${c}×${n}`)
    .join(', ');
  const parts = [
    `${plural(u.requests, 'request')}${max !== undefined && Number.isFinite(max) ? ` of ${max}` : ''} (${u.ok} ok${failed ? `, ${failed} failed: ${codes}` : ''})`,
  ];
  if (u.retries) parts.push(plural(u.retries, 'retry', 'retries'));
  if (u.pages) parts.push(plural(u.pages, 'page'));
  parts.push(plural(u.items, 'item'));
  if (u.duplicates) parts.push(`${u.duplicates} duplicate${u.duplicates === 1 ? '' : 's'} dropped`);
  if (u.alreadySeen) parts.push(`${u.alreadySeen} already seen`);
  if (u.cached) parts.push(`${plural(u.cached, 'request')} saved by the cache`);
  if (u.refused) parts.push(`${plural(u.refused, 'request')} refused by the budget`);
  return parts.join(', ');
}

/** The failure key of an error in `Usage.failed`: the business code, or the failure's name. */
export function failureKey(error: unknown): string {
  return error instanceof JustOneApiError ? String(error.code) : 'ERROR';
}

export interface LedgerOptions {
  /** Most requests this ledger allows (its budget); Infinity or undefined for no cap. */
  maxRequests?: number;
  /** Ledgers that also count everything this one counts (a client's for an iterator's, a job's); their budgets apply too. */
  parent?: Ledger | readonly Ledger[];
  /** What the budget is for, in the refusal message: "this run", "this client", "this message" … */
  scope?: string;
}

/**
 * A run's counters, with an optional budget. Pure bookkeeping: the transport calls `beforeRequest()`
 * (which refuses past the budget), then `sent()`, then `answered()` or `failed(error)`; the paginator's
 * host calls `page()` and `emitted()`. Every count is also added to the parent, if any.
 */
export class Ledger {
  readonly usage: Usage = emptyUsage();
  readonly maxRequests: number;
  readonly parents: readonly Ledger[];
  readonly scope: string;

  constructor(options: LedgerOptions = {}) {
    this.maxRequests = options.maxRequests ?? Infinity;
    const p = options.parent;
    this.parents = p === undefined ? [] : Array.isArray(p) ? [...p] : [p as Ledger];
    this.scope = options.scope ?? 'this run';
  }

  /** Requests this ledger (and its parents) still allow. */
  remaining(): number {
    const own = this.maxRequests - this.usage.requests;
    return Math.max(0, Math.min(own, ...this.parents.map((l) => l.remaining())));
  }

  /** The ledger whose budget is spent (this one or a parent), if any. */
  exhausted(): Ledger | undefined {
    if (this.usage.requests >= this.maxRequests) return this;
    for (const l of this.parents) {
      const spent = l.exhausted();
      if (spent) return spent;
    }
    return undefined;
  }

  /**
   * Throws a BudgetExceededError (and counts a refusal) when the next request would go past this
   * ledger's budget or a parent's. Call it before every request, retries included.
   */
  beforeRequest(resume?: ResumeInfo): void {
    const spent = this.exhausted();
    if (!spent) return;
    this.bump('refused', 1);
    throw new BudgetExceededError({
      sent: spent.usage.requests,
      maxRequests: spent.maxRequests,
      scope: spent.scope,
      ...resume,
    });
  }

  sent(retry = false): void {
    this.bump('requests', 1);
    if (retry) this.bump('retries', 1);
  }
  answered(): void {
    this.bump('ok', 1);
  }
  failed(error: unknown): void {
    const key = failureKey(error);
    for (const l of this.chain()) l.usage.failed[key] = (l.usage.failed[key] ?? 0) + 1;
  }
  /** One page accepted: `received` items came, `fresh` were new to this run. */
  page(received: number, fresh: number): void {
    this.bump('pages', 1);
    this.bump('duplicates', Math.max(0, received - fresh));
  }
  emitted(n = 1): void {
    this.bump('items', n);
  }
  seenBefore(n = 1): void {
    this.bump('alreadySeen', n);
  }
  cacheHit(n = 1): void {
    this.bump('cached', n);
  }

  snapshot(): Usage {
    return { ...this.usage, failed: { ...this.usage.failed } };
  }

  private bump(key: Exclude<keyof Usage, 'failed'>, n: number): void {
    // A ledger without parents (a client's own, on every call) needs no chain walk.
    if (this.parents.length === 0) this.usage[key] += n;
    else for (const l of this.chain()) l.usage[key] += n;
  }

  /** This ledger and every ledger above it, each once. */
  private chain(): Set<Ledger> {
    const out = new Set<Ledger>();
    const visit = (l: Ledger) => {
      if (out.has(l)) return;
      out.add(l);
      for (const p of l.parents) visit(p);
    };
    visit(this);
    return out;
  }
}

type Sender<R> = (req: PreparedRequest, attempt: number) => R;

/**
 * executeRequest with a ledger: each attempt is refused past the budget (before it is sent, and before
 * a retry's wait), then counted; the outcome of each attempt is recorded. `resume` goes into a refusal.
 */
export async function executeTracked<T = unknown>(
  req: PreparedRequest,
  options: ExecuteOptions<Sender<Promise<HttpAnswer>>> & { sleep: (ms: number) => Promise<void> },
  ledger: Ledger,
  resume?: ResumeInfo,
): Promise<Envelope<T>> {
  const t = tracker(ledger, options, resume);
  try {
    const envelope = await executeRequest<T>(req, t.options);
    ledger.answered();
    return envelope;
  } catch (error) {
    t.settle(error);
    throw error;
  }
}

/** executeTracked for synchronous hosts (Apps Script). */
export function executeTrackedSync<T = unknown>(
  req: PreparedRequest,
  options: ExecuteOptions<Sender<HttpAnswer>> & { sleep: (ms: number) => void },
  ledger: Ledger,
  resume?: ResumeInfo,
): Envelope<T> {
  const t = tracker(ledger, options, resume);
  try {
    const envelope = executeRequestSync<T>(req, t.options);
    ledger.answered();
    return envelope;
  } catch (error) {
    t.settle(error);
    throw error;
  }
}

function tracker<O extends ExecuteOptions<Sender<unknown>>>(ledger: Ledger, options: O, resume?: ResumeInfo) {
  // An attempt went out and its outcome is not recorded yet.
  let pending = false;
  const wrapped: O = {
    ...options,
    send: ((req: PreparedRequest, attempt: number) => {
      ledger.beforeRequest(resume);
      ledger.sent(attempt > 0);
      pending = true;
      return options.send(req, attempt);
    }) as O['send'],
    onRetry: (event: RetryEvent) => {
      pending = false;
      ledger.failed(event.error);
      // Refuse before the backoff wait, not after it.
      ledger.beforeRequest(resume);
      options.onRetry?.(event);
    },
  };
  return {
    options: wrapped,
    settle(error: unknown) {
      if (pending) ledger.failed(error);
      pending = false;
    },
  };
}
