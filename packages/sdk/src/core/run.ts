import { type PreparedRequest, prepareRequest } from './call.js';
import type { OperationSpec } from './catalog-types.js';
import { decodeAnswer, type Envelope } from './envelope.js';
import { ValidationError } from './errors.js';
import { Ledger } from './ledger.js';
import { createPager, type Pager, pagingParams } from './pagination.js';
import type { Params, ParamValue } from './params.js';
import { DEFAULT_MAX_RETRIES } from './request.js';
import { retryDelay } from './retry.js';
import type { EngineOptions, Outcome, Run, RunEnd, RunPage, RunStep } from './run-types.js';
import { OnlyNew } from './run-seen.js';
import { checkOnlyNew, seenKey, withItemId } from './seen.js';

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1) && value !== Infinity)
    throw new ValidationError(`${name} must be a whole number >= 1, got ${String(value)}.`, name);
}

/** One page's request in progress: its params, attempt number and the waits still due before it is sent. */
interface Pending {
  req: PreparedRequest;
  attempt: number;
  wait: { ms: number; why: 'retry' | 'interval' } | undefined;
  paced: boolean;
  inFlight: boolean;
}

/**
 * The run engine: one user action (a call, or a paged run) as a state machine, free of I/O. `next()`
 * says what to do (send a request, wait, or stop); the host does it and `feed()`s the outcome back.
 * It validates everything before the first step (throws ValidationError: nothing is sent), places each
 * parameter and the token as the vendor declares, retries what can succeed on retry (Retry-After
 * honoured), paces, counts into the ledger, refuses past the budget, pages, de-duplicates, applies
 * "only new" and every stop rule, and keeps the resume point.
 */
export function createRun<Item = unknown>(
  operation: OperationSpec,
  params: Params | undefined,
  options: EngineOptions,
): Run<Item> {
  const op = withItemId(operation, options.itemId);
  const target = { baseUrl: options.baseUrl, ...(options.token !== undefined && { token: options.token }) };
  const first = prepareRequest(op, params, target);
  checkCount('maxRequests', options.maxRequests);
  if (options.onlyNew) checkOnlyNew(op);
  // With onlyNew, maxItems counts new items: the pager is not told, OnlyNew cuts.
  const { maxItems, ...pageOptions } = options;
  const pager: Pager<Item> | undefined =
    op.pagination && !options.single
      ? createPager<Item>(op, first.params, options.onlyNew ? pageOptions : options)
      : undefined;
  if (options.onlyNew) checkCount('maxItems', maxItems);
  const only = options.onlyNew ? new OnlyNew(op, maxItems) : undefined;
  const ledger = options.ledger ?? new Ledger({ maxRequests: options.maxRequests ?? Infinity });
  const policy = options.policy ?? { maxRetries: DEFAULT_MAX_RETRIES };
  const secret = options.secret ?? options.token;
  const paging = pagingParams(op);
  let pending: Pending | undefined;
  let resume: Record<string, ParamValue> | undefined;
  let end: RunEnd | undefined;
  let pages = 0;

  const finish = (fields: Omit<RunEnd, 'kind' | 'usage'>): RunEnd =>
    (end = { kind: 'done', ...fields, usage: ledger.snapshot() });
  const resumeInfo = () => ({ operation: op.id, ...(resume && { next: resume }), pagingParams: paging });

  /** The next page's request, or the end of the run. */
  function start(): Pending | RunEnd {
    const next = pager ? pager.next() : pages === 0 ? first.params : undefined;
    if (!next) return finish({});
    if (pager) resume = next;
    const req = pager ? prepareRequest(op, next, target) : first;
    const interval = pages > 0 && options.pageIntervalMs ? options.pageIntervalMs : 0;
    const wait = interval > 0 ? { ms: interval, why: 'interval' as const } : undefined;
    return { req, attempt: 0, wait, paced: false, inFlight: false };
  }

  /** Refuses past the budget (counted by the ledger): true when the run ended. */
  function refused(): boolean {
    try {
      ledger.beforeRequest(resumeInfo());
      return false;
    } catch (error) {
      finish({ error, ...(resume && { resume }) });
      return true;
    }
  }

  function next(): RunStep {
    if (end) return end;
    if (pending?.inFlight) throw new Error('feed() the outcome of the last send step first.');
    if (!pending) {
      const started = start();
      if ('kind' in started) return started;
      pending = started;
    }
    const p = pending;
    if (p.wait) {
      const { ms, why } = p.wait;
      p.wait = undefined;
      return { kind: 'wait', ms, why };
    }
    if (options.pace && !p.paced) {
      p.paced = true;
      const ms = options.pace();
      if (ms > 0) return { kind: 'wait', ms, why: 'pace' };
    }
    if (refused()) return end!;
    ledger.sent(p.attempt > 0);
    p.inFlight = true;
    return { kind: 'send', request: p.req, attempt: p.attempt };
  }

  /** A failed attempt: schedules the retry, or ends the run with the error. */
  function failed(p: Pending, error: unknown): undefined {
    ledger.failed(error);
    const ms = retryDelay(error, p.attempt, policy, options.random);
    const late = ms !== undefined && options.deadline !== undefined && options.now;
    if (ms === undefined || (late && options.now!() + ms > options.deadline!)) {
      finish({ error, ...(resume && { resume }) });
      return undefined;
    }
    // Refused before the backoff wait, not after it.
    if (refused()) return undefined;
    options.onRetry?.({ error, retry: p.attempt + 1, delayMs: ms, safeUrl: p.req.safeUrl });
    Object.assign(p, { attempt: p.attempt + 1, wait: { ms, why: 'retry' }, paced: false });
    return undefined;
  }

  function feed(outcome: Outcome): RunPage<Item> | undefined {
    const p = pending;
    if (!p?.inFlight) throw new Error('feed() answers a send step; there is none.');
    p.inFlight = false;
    if ('error' in outcome) return failed(p, outcome.error);
    let envelope: Envelope<unknown>;
    try {
      envelope = decodeAnswer(op, outcome, options.now?.(), secret);
    } catch (error) {
      return failed(p, error);
    }
    ledger.answered();
    pending = undefined;
    try {
      return accept(envelope);
    } catch (error) {
      // The page's items lack the "only new" id field: nothing from it is delivered.
      finish({ error, ...(resume && { resume }) });
      return undefined;
    }
  }

  function accept(envelope: Envelope<unknown>): RunPage<Item> {
    pages++;
    if (!pager) {
      finish({});
      return { ...envelope, page: 1, items: [envelope.data as Item], received: 1, done: true };
    }
    const page: RunPage<Item> = { ...envelope, ...pager.accept(envelope.data) };
    ledger.page(page.received, page.items.length);
    if (only) only.filter(page, ledger);
    ledger.emitted(page.items.length);
    resume = page.next;
    if (page.done) finish({ ...(page.reason && { reason: page.reason }), ...(resume && { resume }) });
    return page;
  }

  return {
    next,
    feed,
    delivered: (n) => only?.delivered(n) ?? [],
    knownIds: (ids) => only?.known(ids),
    seenKey: seenKey(op, first.params),
    get usage() {
      return ledger.snapshot();
    },
    get resume() {
      return resume ? { ...resume } : undefined;
    },
    get done() {
      return end !== undefined;
    },
  };
}
