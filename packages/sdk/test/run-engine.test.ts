// The run engine's state machine step by step, fed answers by hand (it is pure: the answers are data).
// Against the sandbox, the conformance table (conformance.test.ts) runs it through every driver.
import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  createRun,
  findOperation,
  type HttpAnswer,
  Ledger,
  type RunStep,
  ValidationError,
} from '../src/core/index.js';

const op = findOperation('xiaohongshu.searchUsers');
const base = { baseUrl: 'http://127.0.0.1:9', token: 'secret-token', random: () => 0.5 };
const ok = (users: unknown[], more = true): HttpAnswer => ({
  status: 200,
  body: JSON.stringify({ code: 0, data: { users, has_more: more }, message: null }),
});
const limited: HttpAnswer = {
  status: 429,
  body: JSON.stringify({ code: 302, message: 'Rate limit exceeded' }),
  headers: { 'retry-after': '3' },
};
const users = (from: number, n = 2) => Array.from({ length: n }, (_, i) => ({ id: `u${from + i}` }));
const kinds = (steps: RunStep[]) => steps.map((s) => (s.kind === 'wait' ? `wait ${s.why} ${s.ms}` : s.kind));

describe('run engine', () => {
  it('validates before the first step: nothing is sent on bad input', () => {
    expect(() => createRun(op, {}, base)).toThrow(ValidationError);
    expect(() => createRun(op, { keyword: 'x' }, { ...base, maxRequests: 0 })).toThrow(/maxRequests/);
    expect(() => createRun(op, { keyword: 'x' }, { ...base, maxPages: -1 })).toThrow(/maxPages/);
  });

  it('honours Retry-After on a rate limit, then sends the same page again', () => {
    const run = createRun(op, { keyword: 'x' }, { ...base, policy: { maxRetries: 1 } });
    const first = run.next();
    expect(first).toMatchObject({ kind: 'send', attempt: 0 });
    expect(run.feed(limited)).toBeUndefined();
    const wait = run.next();
    // 3 s asked, plus 12.5% jitter at random() = 0.5: never sooner than asked.
    expect(wait).toEqual({ kind: 'wait', ms: 3375, why: 'retry' });
    const again = run.next();
    expect(again).toMatchObject({ kind: 'send', attempt: 1 });
    expect(again.kind === 'send' && first.kind === 'send' && again.request.url).toBe(
      first.kind === 'send' && first.request.url,
    );
    expect(run.feed(ok(users(0), false))?.items).toHaveLength(2);
    expect(run.next()).toMatchObject({ kind: 'done', reason: 'no-more' });
    expect(run.usage).toMatchObject({ requests: 2, ok: 1, retries: 1, failed: { '302': 1 } });
  });

  it('paces each attempt and waits the page interval between pages, in that order', () => {
    // A lane that reserves 40 ms ahead, then holds 10 ms more once (the API's own count), then lets go.
    const paced: boolean[] = [];
    let hold = 0;
    const pace = (first: boolean) => {
      paced.push(first);
      if (first) return ((hold = 1), 40);
      return hold-- > 0 ? 10 : 0;
    };
    const run = createRun(op, { keyword: 'x' }, { ...base, pace, pageIntervalMs: 25, maxPages: 2 });
    const steps: RunStep[] = [];
    for (let s = run.next(); s.kind !== 'done'; s = run.next()) {
      steps.push(s);
      if (s.kind === 'send') run.feed(ok(users(s.request.params.page === 1 ? 0 : 2)));
    }
    const attempt = ['wait pace 40', 'wait pace 10', 'send'];
    expect(kinds(steps)).toEqual([...attempt, 'wait interval 25', ...attempt]);
    expect(paced).toEqual([true, false, false, true, false, false]);
  });

  it('gives up instead of retrying past the deadline', () => {
    let now = 1_000;
    const run = createRun(op, { keyword: 'x' }, { ...base, now: () => now, deadline: 2_000 });
    run.next();
    run.feed(limited);
    const end = run.next();
    expect(end.kind).toBe('done');
    expect(end.kind === 'done' && (end.error as { code?: number }).code).toBe(302);
    now = 0;
  });

  it('refuses a retry past the budget before its wait, with the page to resume from', () => {
    const ledger = new Ledger({ maxRequests: 1 });
    const run = createRun(op, { keyword: 'x', page: 4 }, { ...base, ledger });
    run.next();
    run.feed(limited);
    const end = run.next();
    expect(end.kind === 'done' && end.error).toBeInstanceOf(BudgetExceededError);
    expect(end.kind === 'done' && (end.error as BudgetExceededError).next).toMatchObject({ page: 4 });
    expect(run.resume).toMatchObject({ page: 4 });
    expect(ledger.usage).toMatchObject({ requests: 1, refused: 1 });
  });

  it('only new: ids are committed when delivered, not when fetched', () => {
    const run = createRun(op, { keyword: 'x' }, { ...base, onlyNew: true, maxPages: 1 });
    run.knownIds(['u0']);
    run.next();
    const page = run.feed(ok(users(0, 4)))!;
    expect(page.items).toEqual(users(1, 3));
    expect(run.delivered(1)).toEqual(['u0', 'u1']);
    expect(run.delivered(2)).toEqual(['u2', 'u3']);
    expect(run.usage).toMatchObject({ items: 3, alreadySeen: 1 });
  });

  it('only new: a page whose items lack the id field ends the run with the error', () => {
    const run = createRun(op, { keyword: 'x' }, { ...base, onlyNew: true });
    run.next();
    expect(run.feed(ok([{ name: 'no id' }]))).toBeUndefined();
    const end = run.next();
    expect(end.kind === 'done' && end.error).toBeInstanceOf(ValidationError);
  });

  it('keeps the token out of what it reports: the safe URL and the API messages', () => {
    const run = createRun(op, { keyword: 'x' }, { ...base, policy: { maxRetries: 0 } });
    const step = run.next();
    expect(step.kind === 'send' && step.request.safeUrl).not.toContain('secret-token');
    run.feed({ status: 401, body: JSON.stringify({ code: 100, message: 'bad token secret-token' }) });
    const end = run.next();
    expect(JSON.stringify(end)).not.toContain('secret-token');
    expect(end.kind === 'done' && (end.error as Error).message).not.toContain('secret-token');
  });

  it('answers one send step with one outcome', () => {
    const run = createRun(op, { keyword: 'x' }, base);
    expect(() => run.feed(ok([]))).toThrow();
    run.next();
    expect(() => run.next()).toThrow();
  });
});

describe('the danger gate in the engine (every host that runs on it)', () => {
  const danger = findOperation('jd.getItemDetailV2');
  const ack = danger.danger![0]!.acknowledge;

  it('refuses a danger operation before the first step unless acknowledged, and then sends it', () => {
    const refused = (() => {
      try {
        createRun(danger, { itemId: '1' }, base);
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).reason).toMatchObject({ kind: 'danger-unacknowledged' });
    const run = createRun(danger, { itemId: '1' }, { ...base, acknowledge: [ack] });
    expect(run.next()).toMatchObject({ kind: 'send' });
  });
});
