import { type PreparedRequest, prepareRequest } from './call.js';
import type { OperationSpec } from './catalog-types.js';
import { decodeAnswer, type Envelope, type HttpAnswer } from './envelope.js';
import { readCount } from './count.js';
import { Ledger } from './ledger.js';
import { createPager, type Pager, pagingParams, type StopReason } from './pagination.js';
import type { Params, ParamValue } from './params.js';
import { DEFAULT_MAX_RETRIES } from './request.js';
import { retryDelay } from './retry.js';
import type { EngineOptions, Outcome, Run, RunEnd, RunPage, RunStep } from './run-types.js';
import { onlyNew } from './run-seen.js';
import { checkOnlyNew, seenKey, withItemId } from './seen.js';

const misuse = () => new Error('one feed() per send step');

/** Throws a ValidationError unless `value` is unset, a whole number >= min, or (when allowed) Infinity. */
export function checkCount(name: string, value: number | undefined, min = 1, infinity = true): void {
  readCount(name, value, { min, infinity });
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
  const ack = options.acknowledge !== undefined ? { acknowledge: options.acknowledge } : {};
  const first = prepareRequest(op, params, target, ack);
  checkCount('maxRequests', options.maxRequests);
  if (options.onlyNew) checkOnlyNew(op);
  // With onlyNew, maxItems counts new items: the pager is not told, onlyNew() cuts.
  const { maxItems, ...pageOptions } = options;
  const pager: Pager<Item> | undefined =
    op.pagination && !options.single
      ? createPager<Item>(op, first.params, options.onlyNew ? pageOptions : options)
      : undefined;
  if (options.onlyNew) checkCount('maxItems', maxItems);
  const only = options.onlyNew ? onlyNew<Item>(op, maxItems, options.stopAtSeen ?? false) : undefined;
  const ledger = options.ledger ?? new Ledger({ maxRequests: options.maxRequests ?? Infinity });
  const policy = options.policy ?? { maxRetries: DEFAULT_MAX_RETRIES };
  const secret = options.secret ?? options.token;
  const paging = pagingParams(op);
  // The request of the page in progress, its attempt, the wait due before it is sent, and its state.
  let req: PreparedRequest | undefined;
  let attempt = 0;
  let wait: Extract<RunStep, { kind: 'wait' }> | undefined;
  // Pace calls made for this attempt (0: not paced yet); -1 once it may go.
  let paced = 0;
  let inFlight = false;
  let resume: Record<string, ParamValue> | undefined;
  let end: RunEnd | undefined;
  let pages = 0;

  const finish = (error?: unknown, reason?: StopReason): RunEnd =>
    (end = {
      kind: 'done',
      ...(reason && { reason }),
      ...(error !== undefined && { error }),
      ...(resume && { resume }),
      usage: ledger.snapshot(),
    });
  const resumeInfo = () => ({ operation: op.id, ...(resume && { next: resume }), pagingParams: paging });

  /** Refuses past the budget (counted by the ledger): true when the run ended. */
  function refused(): boolean {
    try {
      ledger.beforeRequest(resumeInfo());
      return false;
    } catch (error) {
      finish(error);
      return true;
    }
  }

  /** The next page's request; false at the end of the run. */
  function start(): boolean {
    const params = pager ? pager.next() : pages === 0 ? first.params : undefined;
    if (!params) return !finish();
    if (pager) resume = params;
    req = pager ? prepareRequest(op, params, target, ack) : first;
    attempt = 0;
    paced = 0;
    const ms = pages > 0 ? (options.pageIntervalMs ?? 0) : 0;
    wait = ms > 0 ? { kind: 'wait', ms, why: 'interval' } : undefined;
    return true;
  }

  function next(): RunStep {
    if (end) return end;
    if (inFlight) throw misuse();
    if (!req) {
      if (!start()) return end!;
      const hit = options.cached?.(req!);
      if (hit) return fromCache(hit);
    }
    if (wait) {
      const step = wait;
      wait = undefined;
      return step;
    }
    // The first call reserves a slot; after each pace wait it is asked again until it says go (0).
    while (options.pace && paced >= 0) {
      const ms = options.pace(paced++ === 0);
      if (ms > 0) return { kind: 'wait', ms, why: 'pace' };
      if (paced > 1) paced = -1;
    }
    if (refused()) return end!;
    ledger.sent(attempt > 0);
    inFlight = true;
    return { kind: 'send', request: req!, attempt };
  }

  /** A page the host's cache answered; an answer that does not decode is ignored (the request is sent). */
  function fromCache(answer: HttpAnswer): RunStep {
    let envelope: Envelope<unknown>;
    try {
      envelope = decodeAnswer(op, answer, options.now?.(), secret);
    } catch {
      return next();
    }
    ledger.cacheHit();
    const page = settle(envelope);
    return page ? { kind: 'page', page } : end!;
  }

  /** The page of an answer, or undefined when its items ended the run (no "only new" id field). */
  function settle(envelope: Envelope<unknown>): RunPage<Item> | undefined {
    req = undefined;
    try {
      return accept(envelope);
    } catch (error) {
      finish(error);
    }
  }

  /** A failed attempt: schedules the retry, or ends the run with the error. */
  function failed(error: unknown): undefined {
    ledger.failed(error);
    const ms = retryDelay(error, attempt, policy, options.random);
    const { now, deadline } = options;
    if (ms === undefined || (now && deadline !== undefined && now() + ms > deadline)) {
      finish(error);
      return;
    }
    // Refused before the backoff wait, not after it.
    if (refused()) return;
    attempt++;
    options.onRetry?.({ error, retry: attempt, delayMs: ms, safeUrl: req!.safeUrl });
    wait = { kind: 'wait', ms, why: 'retry' };
    paced = 0;
  }

  function feed(outcome: Outcome): RunPage<Item> | undefined {
    if (!inFlight) throw misuse();
    inFlight = false;
    if ('error' in outcome) return failed(outcome.error);
    let envelope: Envelope<unknown>;
    try {
      envelope = decodeAnswer(op, outcome, options.now?.(), secret);
    } catch (error) {
      return failed(error);
    }
    ledger.answered();
    return settle(envelope);
  }

  function accept(envelope: Envelope<unknown>): RunPage<Item> {
    pages++;
    if (!pager) {
      finish();
      return { ...envelope, page: 1, items: [envelope.data as Item], received: 1, done: true };
    }
    const page: RunPage<Item> = { ...envelope, ...pager.accept(envelope.data) };
    ledger.page(page.received, page.items.length);
    if (only) only.filter(page, ledger);
    ledger.emitted(page.items.length);
    resume = page.next;
    if (page.done) finish(undefined, page.reason);
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
