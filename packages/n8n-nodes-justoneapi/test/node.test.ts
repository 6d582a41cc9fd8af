import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startSandbox, noteFeedPage, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toNoteRecord, toUserRecord, USER_COLUMNS } from '@justoneapi/sdk/core';
import { runNode, type RunOptions } from './harness';

const SANDBOX_CREDENTIAL = 'tok-N8N-UNIT-SECRET';
const USERS = '/api/xiaohongshu/search-user/v2';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
const produced: unknown[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [SANDBOX_CREDENTIAL], userPages: 3, feedPages: 4 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const search = (extra: Record<string, unknown> = {}) => ({ resource: 'user', operation: 'search', keyword: '咖啡', returnAll: false, limit: 50, simplify: true, options: {}, ...extra });
const feed = (extra: Record<string, unknown> = {}) => ({ resource: 'note', operation: 'getFeed', oid: 'homefeed_food_v3', returnAll: false, limit: 50, simplify: true, options: {}, ...extra });
function run(parameters: Record<string, unknown>, o: Partial<RunOptions> & { token?: string } = {}) {
  return runNode({ parameters: parameters as RunOptions['parameters'], credentials: { token: o.token ?? SANDBOX_CREDENTIAL, environment: 'custom', baseUrl: sandbox.url }, ...o });
}
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    produced.push(e);
    return e as NodeApiError & NodeOperationError;
  }
  throw new Error('expected the node to fail');
}
const users = (page: number) => (userSearchPage('咖啡', page, { userPages: 3 }).users as unknown[]);

describe('User > Search', () => {
  it('returns one simplified item per user with pairedItem, up to the limit', async () => {
    const out = await run(search({ limit: 25 }));
    expect(out.map((i) => i.json)).toEqual([...users(1), ...users(2)].slice(0, 25).map(toUserRecord));
    expect(Object.keys(out[0]!.json)).toEqual(USER_COLUMNS.map((c) => c.name));
    expect(out.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
    expect(sandbox.stats.count({ path: USERS })).toBe(2);
  });

  it('Return All pages to the end of results and no further', async () => {
    const out = await run(search({ returnAll: true }));
    expect(out).toHaveLength(60);
    expect(sandbox.stats.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('Single Page Only fetches exactly the start page, raw when Simplify is off', async () => {
    const out = await run(search({ simplify: false, options: { singlePage: true, page: 2 } }));
    expect(out.map((i) => i.json)).toEqual(users(2));
    expect(sandbox.stats.requests.map((r) => r.query.page)).toEqual(['2']);
  });

  it('runs many input items with bounded concurrency, in input order', async () => {
    const items = ['a', 'b', 'c', 'd'].map((kw) => ({ json: { kw } }));
    const out = await run(search({ keyword: '={{ $json.kw }}', limit: 2, options: { concurrency: 2 } }), { items });
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(out.map((i) => i.json.id)).toEqual(['a', 'b', 'c', 'd'].flatMap((kw) => (userSearchPage(kw, 1).users as Array<{ id: string }>).slice(0, 2).map((u) => u.id)));
  });
});

describe('Note > Get Feed', () => {
  it('de-duplicates the notes the feed repeats across pages', async () => {
    const out = await run(feed({ returnAll: true }));
    const raw = [1, 2, 3, 4].flatMap((p) => noteFeedPage('homefeed_food_v3', p, { feedPages: 4 }) as Array<{ id: string }>);
    const unique = [...new Map(raw.map((n) => [n.id, n])).values()];
    expect(out.map((i) => i.json)).toEqual(unique.map(toNoteRecord));
    expect(sandbox.stats.count({ path: FEED })).toBe(5);
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
  ])('%s -> NodeApiError "XHS %i" that says what to do', async (token, code, what, requests) => {
    const err = await failure(run(search({ options: { maxRetries: 1 } }), { token }));
    expect(err).toBeInstanceOf(NodeApiError);
    expect(err.message).toMatch(new RegExp(`^XHS ${code}: `));
    expect(err.description).toMatch(what);
    expect(sandbox.stats.count({ token })).toBe(requests);
  });

  it('retries a rate limit and then succeeds', async () => {
    const out = await run(search({ limit: 3 }), { token: 'sandbox-302x1' });
    expect(out).toHaveLength(3);
    expect(sandbox.stats.count({ token: 'sandbox-302x1' })).toBe(2);
  });

  it('times out with a clear error', async () => {
    const err = await failure(run(search({ options: { timeoutMs: 300, maxRetries: 0 } }), { token: 'sandbox-hang' }));
    expect(err.message).toBe('XHS timeout');
    expect(err.description).toMatch(/300 ms/);
  });

  it.each([
    [{ keyword: '   ' }, /keyword must not be empty/],
    [{ options: { page: 0 } }, /page must be >= 1/],
  ])('bad input %j is a NodeOperationError and sends nothing', async (extra, message) => {
    const err = await failure(run(search(extra)));
    expect(err).toBeInstanceOf(NodeOperationError);
    expect(err.message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('with Continue On Fail, a failing item becomes an error item and the others continue', async () => {
    const items = [{ json: { kw: 'a' } }, { json: { kw: ' ' } }, { json: { kw: 'c' } }];
    const out = await run(search({ keyword: '={{ $json.kw }}', limit: 1 }), { items, continueOnFail: true });
    expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
    expect(out[1]!.json).toMatchObject({ code: 'VALIDATION' });
    expect(String(out[1]!.json.error)).toMatch(/keyword must not be empty/);
    expect(out[0]!.json.id).toBeTruthy();
    expect(out[2]!.json.id).toBeTruthy();
  });

  it('never shows the token in an error or output', async () => {
    const out = await run(search({ limit: 1 }), { token: 'sandbox-100', continueOnFail: true });
    expect(produced.length).toBeGreaterThan(8);
    for (const view of [...produced.map((e) => JSON.stringify(e) + String((e as Error).stack) + JSON.stringify((e as NodeApiError).cause ?? null)), JSON.stringify(out)]) {
      expect(view).not.toContain(SANDBOX_CREDENTIAL);
      expect(view).not.toMatch(/token=(?!\*\*\*)/);
      expect(view).not.toMatch(/sandbox-(1|3|4|5|6|h)/);
    }
  });
});
