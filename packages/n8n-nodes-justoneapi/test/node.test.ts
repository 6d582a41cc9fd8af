import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sleep } from 'n8n-workflow';
import { startSandbox, noteFeedPage, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { findOperation, toNoteRecord, toUserRecord, NOTE_COLUMNS, USER_COLUMNS } from '@justoneapi/sdk/core';
import { logs, runWorkflow, type RunOptions, type WorkflowResult } from './harness';
import { LEGACY_MAX_PAGES as RETURN_ALL_MAX_PAGES } from '../nodes/shared/execute';

/** Distinctive credential values, so any leak is found by a plain text scan. */
const GOOD = 'tok-N8N-UNIT-7431';
const WRONG = 'tok-WRONG-7431';
const USERS = '/api/xiaohongshu/search-user/v2';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
/** Every run's whole execution data (IRun), scanned for the token at the end. */
const produced: WorkflowResult[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD], userPages: 3, feedPages: 4 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const search = (extra: Record<string, unknown> = {}) => ({
  resource: 'user',
  operation: 'search',
  keyword: '咖啡',
  returnAll: false,
  limit: 50,
  simplify: true,
  options: {},
  ...extra,
});
const feed = (extra: Record<string, unknown> = {}) => ({
  resource: 'note',
  operation: 'getFeed',
  oid: 'homefeed_food_v3',
  returnAll: false,
  limit: 50,
  simplify: true,
  options: {},
  ...extra,
});
type Run = Partial<RunOptions> & { token?: string; baseUrl?: string };
async function workflow(parameters: Record<string, unknown>, o: Run = {}) {
  const r = await runWorkflow({
    parameters: parameters as RunOptions['parameters'],
    credentials: { token: o.token ?? GOOD, environment: 'custom', baseUrl: o.baseUrl ?? sandbox.url },
    ...o,
  });
  produced.push(r);
  return r;
}
async function run(parameters: Record<string, unknown>, o: Run = {}) {
  const r = await workflow(parameters, o);
  expect(r.error).toBeUndefined();
  return r.items;
}
async function failure(parameters: Record<string, unknown>, o: Run = {}) {
  const r = await workflow(parameters, o);
  expect(r.run.status).toBe('error');
  return r.error!;
}
const users = (page: number) => userSearchPage('咖啡', page, { userPages: 3 }).users as unknown[];
const SLOW = 'sandbox-latency100'; // a sandbox magic credential: valid, 100 ms per answer
const FIRST_FAILS = 'sandbox-latency50+303x1'; // the first request gets 303, later ones succeed; 50 ms per answer
const pages = () => sandbox.stats.requests.map((r) => r.query.page);

describe('User > Search', () => {
  it('returns one simplified item per user with pairedItem, up to the limit; the credential adds the token', async () => {
    const out = await run(search({ limit: 25 }));
    expect(out.map((i) => i.json)).toEqual([...users(1), ...users(2)].slice(0, 25).map(toUserRecord));
    expect(Object.keys(out[0]!.json)).toEqual([...USER_COLUMNS]);
    expect(out.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
    expect(sandbox.stats.count({ path: USERS, token: GOOD })).toBe(2);
  });

  it('Return All pages to the end of results and no further', async () => {
    const out = await run(search({ returnAll: true }));
    expect(out.map((i) => i.json.id)).toEqual([1, 2, 3].flatMap(users).map((u) => (u as { id: string }).id));
    expect(pages()).toEqual(['1', '2', '3']);
  });

  it('Single Page Only fetches exactly the start page, raw when Simplify is off', async () => {
    const out = await run(search({ simplify: false, options: { singlePage: true, page: 2 } }));
    expect(out.map((i) => i.json)).toEqual(users(2));
    expect(pages()).toEqual(['2']);
  });

  it('runs many input items with bounded concurrency, output in input order', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((kw) => ({ json: { kw } }));
    const out = await run(search({ keyword: '={{ $json.kw }}', limit: 2, options: { concurrency: 2 } }), {
      items,
      token: SLOW,
    });
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(out.map((i) => i.json.id)).toEqual(
      items.flatMap(({ json }) =>
        (userSearchPage(json.kw, 1).users as Array<{ id: string }>).slice(0, 2).map((u) => u.id),
      ),
    );
    // 100 ms per answer: with 2 in flight, requests arrive in three waves of two.
    const at = sandbox.stats.requests.map((r) => r.at);
    const inFlight = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 60).length));
    expect(inFlight).toBe(2);
    expect(Math.max(...at) - Math.min(...at)).toBeGreaterThanOrEqual(190);
  });
});

describe('Note > Get Feed', () => {
  it('defaults to the Recommend feed and de-duplicates the notes the feed repeats across pages', async () => {
    const noFeed: Record<string, unknown> = feed({ returnAll: true });
    delete noFeed.oid;
    const out = await run(noFeed);
    const oid = findOperation('xiaohongshu.getNoteFeed').params.find((p) => p.name === 'oid')!
      .default as string;
    const raw = [1, 2, 3, 4].flatMap((p) => noteFeedPage(oid, p, { feedPages: 4 }) as Array<{ id: string }>);
    const unique = [...new Map(raw.map((n) => [n.id, n])).values()];
    expect(out.map((i) => i.json)).toEqual(unique.map(toNoteRecord));
    expect(Object.keys(out[0]!.json)).toEqual([...NOTE_COLUMNS]);
    expect(sandbox.stats.requests.map((r) => r.query.oid)).toEqual(Array(5).fill('homefeed_recommend'));
  });

  it(`Return All on a feed that never ends stops at the ${RETURN_ALL_MAX_PAGES}-page cap`, async () => {
    const endless = await startSandbox({ tokens: [GOOD], feedPages: 1000 });
    try {
      const out = await run(feed({ returnAll: true }), { baseUrl: endless.url });
      expect(endless.stats.count({ path: FEED })).toBe(RETURN_ALL_MAX_PAGES);
      expect(new Set(out.map((i) => i.json.id)).size).toBe(out.length);
    } finally {
      await endless.close();
    }
  });
});

describe('errors', () => {
  it.each([
    ['sandbox-100', 100, /token/, 1],
    ['sandbox-303', 303, /quota/, 1],
    ['sandbox-601', 601, /Top up/, 1],
    ['sandbox-600', 600, /permission/, 1],
    ['sandbox-400', 400, /Fix the parameters/, 1],
    ['sandbox-500', 500, /try again later/, 2],
    ['sandbox-503', 503, /try again later/, 2],
    ['sandbox-301', 301, /try again in a moment/, 2],
  ])('%s -> NodeApiError "<meaning> (code %i)" that says what to do', async (token, code, what, requests) => {
    const err = await failure(search({ options: { maxRetries: 1 } }), { token });
    expect(err.name).toBe('NodeApiError');
    expect(err.message).toMatch(new RegExp(`^[A-Z][a-z ]+ \\(code ${code}\\)$`));
    expect(err.description).toMatch(what);
    expect(err.httpCode).toBe(String(sandbox.stats.requests[0]!.httpStatus));
    expect(sandbox.stats.count({ token })).toBe(requests);
  });

  it('retries a rate limit (waiting with n8n sleep) and then succeeds', async () => {
    const out = await run(search({ limit: 3 }), { token: 'sandbox-302x1' });
    expect(out).toHaveLength(3);
    const [first, second] = sandbox.stats.requests;
    expect([first!.code, second!.code]).toEqual([302, 0]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(500);
  });

  it.each([
    ['sandbox-301x1', 301],
    ['sandbox-503x1', 503],
  ])('%s: code %i is retried with backoff and then succeeds', async (token, code) => {
    const out = await run(search({ limit: 3 }), { token });
    expect(out.map((i) => i.json.id)).toEqual(
      users(1)
        .slice(0, 3)
        .map((u) => (u as { id: string }).id),
    );
    const [first, second] = sandbox.stats.requests;
    expect(sandbox.stats.requests.map((r) => r.code)).toEqual([code, 0]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(300); // 500 ms minus up to 25% jitter
  });

  it('times out with a clear error', async () => {
    const err = await failure(search({ options: { timeoutMs: 1000, maxRetries: 0 } }), {
      token: 'sandbox-hang',
    });
    expect(err.message).toBe('No answer from Just One API within the timeout');
    expect(err.description).toMatch(/1000 ms/);
  });

  it.each([
    ['sandbox-reset', 'Could not reach Just One API', /Could not reach Just One API \(/],
    ['sandbox-html502', 'Just One API sent an error page instead of data', /HTML page/],
  ])('%s: "%s", retried per the policy', async (token, message, what) => {
    const err = await failure(search({ options: { maxRetries: 1 } }), { token });
    expect(err.name).toBe('NodeApiError');
    expect(err.message).toBe(message);
    expect(err.description).toMatch(what);
    expect(sandbox.stats.count({ token })).toBe(2);
  });

  it.each([
    ['a request in flight', 'sandbox-hang'],
    ['a retry wait', 'sandbox-302'],
  ])('Stop during %s ends the run at once: no retry, no further call', async (_, token) => {
    let stop = () => {};
    const running = workflow(search({ options: { timeoutMs: 30_000, maxRetries: 2 } }), {
      token,
      onStart: (cancel) => (stop = cancel),
    });
    while (sandbox.stats.total() === 0) await sleep(10);
    await sleep(50);
    const stoppedAt = Date.now();
    stop();
    const r = await running;
    expect(Date.now() - stoppedAt).toBeLessThan(300); // a retry wait is >= 1.5 s, a timeout 30 s
    expect(r.error?.message).toBe('Stopped before Just One API answered');
    expect(sandbox.stats.total()).toBe(1);
  });

  it('a closed port is a connection failure that names no URL or token', async () => {
    const closed = await startSandbox({});
    const url = closed.url;
    await closed.close();
    const err = await failure(search({ options: { maxRetries: 0 } }), { baseUrl: url });
    expect(err.message).toBe('Could not reach Just One API');
    expect(err.description).toMatch(/ECONNREFUSED/);
  });

  it.each([
    [{ keyword: '   ' }, /^Search: Keyword must not be empty\.$/],
    [{ options: { page: 0 } }, /^Search: Start Page must be >= 1/],
    [{ options: { timeoutMs: '={{ 0 }}' } }, /Timeout \(Ms\) must be a whole number >= 1000, got 0/],
    [{ options: { timeoutMs: 999 } }, /Timeout \(Ms\) must be a whole number >= 1000/],
    [{ options: { maxRetries: '={{ 6 }}' } }, /Max Retries must be a whole number from 0 to 5, got 6/],
    [{ options: { maxRetries: -1 } }, /Max Retries must be a whole number from 0 to 5/],
    [{ options: { maxRetries: 1.5 } }, /Max Retries must be a whole number/],
    [{ options: { concurrency: '={{ 0 }}' } }, /Concurrency must be a whole number >= 1, got 0/],
  ])('bad input %j is a NodeOperationError and sends nothing', async (extra, message) => {
    const err = await failure(search(extra));
    expect(err.name).toBe('NodeOperationError');
    expect(err.message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('one bad item among many fails the node before any item sends a request', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', ' ', 'g', 'h'].map((kw) => ({ json: { kw } }));
    const err = await failure(search({ keyword: '={{ $json.kw }}', limit: 1, options: { concurrency: 3 } }), {
      items,
    });
    expect(err.name).toBe('NodeOperationError');
    expect(err.message).toBe('Search: Keyword must not be empty.');
    expect(err.context).toMatchObject({ itemIndex: 5 });
    await sleep(100); // nothing is sent later either
    expect(sandbox.stats.total()).toBe(0);
  });

  it('after an API failure (Continue On Fail off) no item starts and no running item sends another page; their paid pages are output', async () => {
    // The first request gets 303, every later one succeeds (3 pages per keyword): without the stop the
    // other workers would page on and take the remaining items.
    const items = Array.from({ length: 8 }, (_, i) => ({ json: { kw: `k${i}` } }));
    const r = await workflow(search({ keyword: '={{ $json.kw }}', options: { concurrency: 3 } }), {
      items,
      token: FIRST_FAILS,
    });
    await sleep(300); // time for more pages and items, were the workers still going
    expect(sandbox.stats.requests.map((q) => [q.code, q.query.page])).toEqual([
      [303, '1'],
      [0, '1'],
      [0, '1'],
    ]);
    // The two pages paid for (items 1 and 2) are output rather than lost with the node's failure.
    expect(r.error).toBeUndefined();
    const page1 = (kw: string) =>
      (userSearchPage(kw, 1, { userPages: 3 }).users as unknown[]).map(toUserRecord);
    expect(r.items.map((i) => i.json)).toEqual([...page1('k1'), ...page1('k2')]);
    expect(r.hints.map((h) => h.message)).toEqual([
      expect.stringMatching(
        /^Item 0: page 1 failed \(Daily quota exceeded \(code 303\)\); nothing was fetched for it\. The node stopped there .*item 1 stopped before page=2 .*item 2 stopped before page=2 .*items 3, 4, 5, 6, 7 were not run/,
      ),
    ]);
  });

  it('a Custom environment without a base URL is a NodeOperationError, not a call to the global API', async () => {
    const err = await failure(search(), { baseUrl: ' ' });
    expect(err.name).toBe('NodeOperationError');
    expect(err.message).toMatch(/Custom Base URL/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('a bad credential with Continue On Fail gives one error item per input item and sends nothing', async () => {
    const items = [{ json: { kw: 'a' } }, { json: { kw: 'b' } }, { json: { kw: 'c' } }];
    const out = await run(search({ keyword: '={{ $json.kw }}' }), {
      items,
      baseUrl: ' ',
      continueOnFail: true,
    });
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
    for (const item of out) expect(String(item.json.error)).toMatch(/Custom Base URL/);
    expect(out[0]!.json.description).toMatch(/Enter a URL such as/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it("a malformed base URL is a NodeOperationError (the SDK's check) and sends nothing", async () => {
    const err = await failure(search(), { baseUrl: 'http://127.0.0.1:99999' });
    expect(err.name).toBe('NodeOperationError');
    expect(err.message).toMatch(/is not an http\(s\) URL/);
  });

  it('with Continue On Fail, a failing item becomes an error item and the others continue', async () => {
    const items = [{ json: { kw: 'a' } }, { json: { kw: ' ' } }, { json: { kw: 'c' } }];
    const out = await run(search({ keyword: '={{ $json.kw }}', limit: 1 }), { items, continueOnFail: true });
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
    expect(out[1]!.json).toMatchObject({ code: 'VALIDATION' });
    expect(String(out[1]!.json.error)).toMatch(/Keyword must not be empty/);
    expect(out.map((i) => i.json.id)).toEqual(
      [userSearchPage('a', 1).users, undefined, userSearchPage('c', 1).users].map(
        (u) => (u as Array<{ id: string }> | undefined)?.[0]?.id,
      ),
    );
  });

  it('with Continue On Fail, an API failure item carries the business code', async () => {
    const out = await run(search({ limit: 1 }), { token: 'sandbox-303', continueOnFail: true });
    expect(out).toHaveLength(1);
    expect(out[0]!.json).toMatchObject({ code: 303, error: 'Daily quota exceeded (code 303)' });
  });
});

describe('the token', () => {
  it('is masked when the API echoes it in its message: error, description and JSON show *** instead', async () => {
    const err = await failure(search({ limit: 1 }), { token: WRONG });
    expect(err.message).toBe('Invalid or inactive token (code 100)');
    expect(err.description).toContain('Invalid or inactive token: ***');
    expect(JSON.stringify(err)).toContain('"apiMessage":"Invalid or inactive token: ***"');
    expect(JSON.stringify(err) + String(err.description)).not.toContain(WRONG);
    const [item] = await run(search({ limit: 1 }), { token: WRONG, continueOnFail: true });
    expect(String(item!.json.description)).toContain('Invalid or inactive token: ***');
    expect(JSON.stringify(item)).not.toContain(WRONG);
  });

  it('appears nowhere in any execution data, error, output or n8n log line', async () => {
    const consoleLines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) =>
          void consoleLines.push(
            args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : JSON.stringify(a))).join(' '),
          ),
      );
    }
    // n8n's logger (winston) writes to the console's streams directly.
    const streams = console as unknown as Record<
      '_stdout' | '_stderr',
      { write: (chunk: unknown) => boolean }
    >;
    for (const stream of [streams._stdout, streams._stderr])
      vi.spyOn(stream, 'write').mockImplementation((chunk) => consoleLines.push(String(chunk)) > 0);
    try {
      await failure(search({ limit: 1 }), { token: WRONG });
      await run(search({ limit: 1 }), { token: WRONG, continueOnFail: true });
      await failure(search({ options: { timeoutMs: 1000, maxRetries: 0 } }), { token: 'sandbox-hang' });
    } finally {
      vi.restoreAllMocks();
    }
    expect(produced.length).toBeGreaterThan(15);
    const everything = [
      ...produced.map((r) => JSON.stringify(r.run) + String(r.error?.stack)),
      ...logs,
      ...consoleLines,
    ].join('\n');
    expect(everything).toContain('Invalid or inactive token (code 100)'); // the scan does see the errors
    expect(consoleLines.join('\n')).toContain('Invalid or inactive token (code 100)'); // ... and n8n's console echo of them
    for (const token of [GOOD, WRONG, 'sandbox-hang', 'sandbox-303', 'sandbox-100'])
      expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/token=(?!\*)/);
  });
});
