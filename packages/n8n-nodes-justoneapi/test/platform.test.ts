// The generated platform node (Xiaohongshu v2) run by n8n-core's WorkflowExecute against the sandbox:
// paging with Max Pages and its notice, page interval, batching read per item, the retry policy with
// n8n's Retry On Fail, error headlines; and today's saved workflows (v1) running unchanged.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExecuteContext } from 'n8n-core';
import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';
import { startSandbox, noteFeedPage, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toUserRecord } from '@justoneapi/sdk/core';
import { runWorkflow, type RunOptions, type WorkflowResult } from './harness';
import { RETRY_ON_FAIL_HINT } from '../nodes/shared/execute';
import { PACING_MARGIN_MS, laneKey, paceDelay, paceHold } from '../nodes/shared/pool';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';
import saved from './fixtures/saved-v1-workflow.json';

/**
 * Watches what the node logs through ctx.logger (n8n's Logger): each execute context gets a logger that
 * records every warning and passes it on to n8n's. Returns the warnings so far.
 */
function watchNodeWarnings(): () => string[] {
  const warnings: string[] = [];
  let owner = ExecuteContext.prototype as object;
  while (!Object.getOwnPropertyDescriptor(owner, 'logger')) owner = Object.getPrototypeOf(owner) as object;
  const original = Object.getOwnPropertyDescriptor(owner, 'logger')!.get!;
  vi.spyOn(owner as { logger: unknown }, 'logger', 'get').mockImplementation(function (this: unknown) {
    // n8n's getter memoizes on the object it is called on: a stand-in, so the context stays free for ours.
    const logger = original.call({}) as { warn: (m: string, meta?: object) => void };
    const watched = Object.assign(Object.create(logger) as object, {
      warn: (m: string, meta?: object) => {
        warnings.push(m);
        logger.warn(m, meta);
      },
    });
    // Memoized on the context, as n8n does: later calls find the watched logger there.
    Object.defineProperty(this, 'logger', { value: watched, configurable: true });
    return watched;
  });
  return () => warnings;
}

const GOOD = 'tok-N8N-PLATFORM-5150';
const USERS = '/api/xiaohongshu/search-user/v2';
const SLOW = 'sandbox-latency100'; // a sandbox magic credential: valid, 100 ms per answer
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD], userPages: 3, feedPages: 4 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

type Run = Partial<RunOptions> & { token?: string; baseUrl?: string };
async function workflow(parameters: Record<string, unknown>, o: Run = {}): Promise<WorkflowResult> {
  return runWorkflow({
    parameters: parameters as RunOptions['parameters'],
    credentials: { token: o.token ?? GOOD, environment: 'custom', baseUrl: o.baseUrl ?? sandbox.url },
    typeVersion: 2,
    ...o,
  });
}
async function run(parameters: Record<string, unknown>, o: Run = {}) {
  const r = await workflow(parameters, o);
  expect(r.error).toBeUndefined();
  return r;
}
const users = (kw: string, page: number) => userSearchPage(kw, page, { userPages: 3 }).users as unknown[];
const search = (extra: Record<string, unknown> = {}) => ({
  operation: 'searchUsers',
  keyword: '咖啡',
  ...extra,
});

describe('platform node v2: any operation', () => {
  it('reads optional parameters from Additional Fields, and runs when they are left out', async () => {
    // hotSearchV1's noteContentCategory is optional without a default: it sits in Additional Fields.
    const bare = await run({ operation: 'hotSearchV1', returnAll: false, limit: 3 });
    expect(bare.items.length).toBeGreaterThan(0);
    await run({
      operation: 'hotSearchV1',
      returnAll: false,
      limit: 3,
      additionalFields: { noteContentCategory: 'x' },
    });
    const sent = sandbox.stats.requests.filter((r) => r.path === '/api/xiaohongshu/hot-search/v1');
    expect(sent.map((r) => r.query.noteContentCategory)).toEqual([undefined, 'x']);
  });
});

describe('platform node v2: User Search', () => {
  it('opens on User Search with Limit 50: fields left at their defaults are not saved, as n8n does', async () => {
    const { items } = await run({ keyword: '咖啡' });
    expect(items).toHaveLength(50);
    expect(items[0]!.json).toEqual(toUserRecord(users('咖啡', 1)[0]));
    expect(sandbox.stats.count({ path: USERS })).toBe(3);
  });

  it('Return All returns everything up to the end of results: no notice, no paging metadata', async () => {
    const r = await run(search({ returnAll: true }));
    expect(r.items).toHaveLength([1, 2, 3].flatMap((p) => users('咖啡', p)).length);
    expect(r.hints).toEqual([]);
    expect(r.items.some((i) => 'paging' in i)).toBe(false);
  });

  it('Max Pages cuts results off and says so: a warning hint and paging.truncated on the items', async () => {
    const r = await run(search({ returnAll: true, maxPages: 2 }));
    expect(sandbox.stats.count({ path: USERS })).toBe(2);
    expect(r.items).toHaveLength(users('咖啡', 1).length + users('咖啡', 2).length);
    expect(r.hints).toEqual([
      expect.objectContaining({ type: 'warning', message: expect.stringMatching(/Max Pages \(2\)/) }),
    ]);
    expect(
      r.items.every(
        (i) => JSON.stringify(i.paging) === '{"pages":2,"maxPages":2,"truncated":true,"resume":{"page":3}}',
      ),
    ).toBe(true);
  });

  it('a large Limit is bounded by Max Pages the same way, and says so', async () => {
    const r = await run(search({ limit: 1000, maxPages: 1 }));
    expect(sandbox.stats.count({ path: USERS })).toBe(1);
    expect(r.hints[0]!.message).toMatch(/Max Pages \(1\)/);
  });

  it('a Limit reached before Max Pages is no truncation', async () => {
    const r = await run(search({ limit: 3, maxPages: 1 }));
    expect(r.items).toHaveLength(3);
    expect(r.hints).toEqual([]);
  });

  it('waits Page Interval between the pages of an item', async () => {
    await run(search({ returnAll: true, options: { pageInterval: 300 } }));
    const at = sandbox.stats.requests.map((r) => r.at);
    expect(at).toHaveLength(3);
    for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBeGreaterThanOrEqual(290);
  });

  it('Batching is read per item: batch sizes 1, 3, 1 from the items themselves, with the interval', async () => {
    const items = [1, 3, 3, 3, 1].map((bs, k) => ({ json: { kw: `k${k}`, bs } }));
    const r = await run(
      search({
        keyword: '={{ $json.kw }}',
        limit: 1,
        options: { batching: { batch: { batchSize: '={{ $json.bs }}', batchInterval: 200 } } },
      }),
      { items, token: SLOW },
    );
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4]);
    const at = sandbox.stats.requests.map((q) => ({ kw: q.query.keyword, at: q.at }));
    const start = (kw: string) => at.find((x) => x.kw === kw)!.at;
    // Batch [0], then [1, 2, 3] together after 100 ms + 200 ms, then [4] after another 300 ms.
    expect(start('k1') - start('k0')).toBeGreaterThanOrEqual(280);
    expect(Math.abs(start('k3') - start('k1'))).toBeLessThan(60);
    expect(start('k4') - start('k3')).toBeGreaterThanOrEqual(280);
  });

  it.each([
    [
      { options: { batching: { batch: { batchSize: '={{ 0 }}' } } } },
      /Items per Batch must be a whole number >= 1/,
    ],
    [{ maxPages: '={{ 0 }}', returnAll: true }, /Max Pages must be a whole number >= 1/],
    [{ limit: '={{ -1 }}' }, /Limit must be a whole number >= 1/],
    [{ options: { pageInterval: '={{ -5 }}' } }, /^Page Interval \(ms\) must be a whole number >= 0/],
  ])('bad option %j fails before any request', async (extra, message) => {
    const r = await workflow(search(extra));
    expect(r.error?.name).toBe('NodeOperationError');
    expect(r.error?.message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('reads a feed by its Chinese label from an expression, and offers labels as "English · 中文"', async () => {
    const r = await run({ operation: 'getNoteFeed', oid: '={{ "美食" }}', limit: 2 });
    expect(r.items.map((i) => i.json.id)).toEqual(
      (noteFeedPage('homefeed_food_v3', 1, { feedPages: 4 }) as Array<{ id: string }>)
        .slice(0, 2)
        .map((n) => n.id),
    );
    expect(sandbox.stats.requests.map((q) => [q.path, q.query.oid])).toEqual([[FEED, 'homefeed_food_v3']]);
    const oid = new Xiaohongshu().getNodeType(2).description.properties.find((p) => p.name === 'oid')!;
    expect(oid.options).toContainEqual({ name: 'Food · 美食', value: 'homefeed_food_v3' });
  });
});

describe('paid pages are delivered: a later page that fails does not take the earlier ones with it', () => {
  // The sandbox fails every third request of these tokens with code 303 (daily quota, not retried).
  const QUOTA_ON_PAGE_3 = 'sandbox-every3-303';
  const QUOTA_ON_PAGE_3_SLOW = 'sandbox-latency1+every3-303';
  const QUOTA_NOW = 'sandbox-303';
  const fetched = [1, 2].flatMap((p) => users('咖啡', p));

  it('without Continue On Fail: pages 1-2 come out, with a warning naming the failure; page 3 is not re-sent', async () => {
    const r = await workflow(search({ limit: 1000 }), { token: QUOTA_ON_PAGE_3 });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(3);
    expect(r.items.map((i) => i.json)).toEqual(fetched.map((u) => toUserRecord(u)));
    expect(r.hints).toEqual([
      expect.objectContaining({ type: 'warning', message: expect.stringMatching(/page 3.*code 303/) }),
    ]);
    expect(
      r.items.every((i) => (i.paging as { stoppedBy?: { code?: number } }).stoppedBy?.code === 303),
    ).toBe(true);
  });

  it('with Continue On Fail: pages 1-2 come out, then the error item', async () => {
    const r = await workflow(search({ limit: 1000 }), {
      token: QUOTA_ON_PAGE_3_SLOW,
      continueOnFail: true,
    });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(3);
    expect(r.items.slice(0, -1).map((i) => i.json)).toEqual(fetched.map((u) => toUserRecord(u)));
    expect(r.items.at(-1)!.json).toMatchObject({ code: 303 });
    expect(r.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
  });

  it('a failure on the first page still fails the node (nothing was fetched)', async () => {
    const r = await workflow(search({ limit: 1000 }), { token: QUOTA_NOW });
    expect(r.error?.message).toMatch(/code 303/);
  });
});

describe('one retry policy: the node and n8n Retry On Fail', () => {
  it('without Retry On Fail the node retries a temporary failure itself (Max Retries 2: 3 requests)', async () => {
    const r = await workflow(search({ limit: 1 }), { token: 'sandbox-503' });
    expect(r.error?.message).toBe('Service unavailable (code 503)');
    expect(sandbox.stats.count({ token: 'sandbox-503' })).toBe(3);
  });

  it('with Retry On Fail the node does not retry as well: Max Tries 2 means 2 requests, not 2 x 3, and it says so', async () => {
    const r = await workflow(search({ limit: 1 }), { token: 'sandbox-503', retryOnFail: { maxTries: 2 } });
    expect(r.error?.message).toBe('Service unavailable (code 503)');
    expect(sandbox.stats.count({ token: 'sandbox-503' })).toBe(2);
  });

  it('with Retry On Fail a run that succeeds carries the warning hint', async () => {
    const r = await run(search({ limit: 1 }), { retryOnFail: { maxTries: 3 } });
    expect(r.hints).toContainEqual(expect.objectContaining({ type: 'warning', message: RETRY_ON_FAIL_HINT }));
  });
});

describe('bad input is told in the words on the screen', () => {
  it.each([
    [{ keyword: '  ' }, 'User Search (v2): Keyword must not be empty.'],
    [{ options: { timeoutMs: 0 } }, 'Timeout (ms) must be a whole number >= 1000, got 0.'],
    [{ maxPages: '={{ 0 }}' }, 'Max Pages must be a whole number >= 1, got 0.'],
    [
      { options: { batching: { batch: { batchSize: 0 } } } },
      'Items per Batch must be a whole number >= 1, got 0.',
    ],
  ])('%j: "%s", nothing sent', async (extra, message) => {
    const r = await workflow(search(extra));
    expect(r.error?.message).toBe(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it("the Max Pages notice names the item as n8n's error view does (Item Index, from 0)", async () => {
    const r = await run(search({ limit: 1000, maxPages: 1 }));
    expect(r.hints[0]!.message).toMatch(/^Item Index 0: stopped at Max Pages \(1\)/);
  });
});

describe('error headlines, one per kind of failure', () => {
  it.each([
    [
      'sandbox-602',
      'Undocumented Just One API code 602',
      /undocumented error code.*support with this code and the requestId/,
    ],
    ['sandbox-777', 'Undocumented Just One API code 777', /undocumented error code/],
    ['sandbox-truncated', 'Just One API sent a cut-off or malformed answer', /truncated or malformed JSON/],
    ['sandbox-html502', 'Just One API sent an error page instead of data', /HTML page/],
    ['sandbox-601', 'Insufficient balance (code 601)', /Top up/],
  ])('%s: "%s"', async (token, headline, what) => {
    const r = await workflow(search({ limit: 1, options: { maxRetries: 0 } }), { token });
    expect(r.error?.message).toBe(headline);
    expect(r.error?.description).toMatch(what);
    expect(`${r.error?.message} ${r.error?.description}`).not.toMatch(/XHS/);
  });
});

describe('the AI tool variant', () => {
  const description = new Xiaohongshu().getNodeType(2).description;
  const node: INode = {
    id: 'n',
    name: 'n',
    type: 'n8n-nodes-justoneapi.xiaohongshu',
    typeVersion: 2,
    position: [0, 0],
    parameters: {},
  };
  const limitFor = (d: INodeTypeDescription) =>
    NodeHelpers.getNodeParameters(d.properties, { operation: 'searchUsers' }, true, false, node, d)!.limit;

  it('spends little by default: Limit 10 as a tool (n8n names the variant "<name>Tool"), 50 as a node', () => {
    expect(limitFor({ ...description, name: 'xiaohongshuTool' })).toBe(10);
    expect(limitFor(description)).toBe(50);
    expect(description.usableAsTool).toBe(true);
  });
});

describe("today's saved workflows (Xiaohongshu node v1) run unchanged", () => {
  const [, searchNode, feedNode] = saved.nodes;

  it('imports the saved workflow JSON: type and version resolve to the legacy node', () => {
    expect(searchNode!.type).toBe('n8n-nodes-justoneapi.xiaohongshu');
    const versioned = new Xiaohongshu();
    expect(versioned.description.name).toBe('xiaohongshu');
    expect(versioned.getNodeType(searchNode!.typeVersion).description.properties[0]!.name).toBe('resource');
    expect(versioned.currentVersion).toBe(2);
  });

  it.each([
    ['User > Search', searchNode!, 25, [USERS, USERS]],
    ['Note > Get Feed, Return All, raw', feedNode!, undefined, [FEED, FEED, FEED, FEED, FEED]],
  ])('%s runs with its saved parameters', async (_, node, count, paths) => {
    const r = await run(node.parameters, { typeVersion: node.typeVersion });
    if (count) expect(r.items).toHaveLength(count);
    expect(sandbox.stats.requests.map((q) => q.path)).toEqual(paths);
  });
});

describe('pacing (Options > Max Requests per Second) against the rate-limited sandbox', () => {
  // The sandbox allows RATE requests per token in any sliding second, and answers code 302 with
  // Retry-After beyond. 12 items (one page each) in one batch ask for 12 at once.
  const RATE = 3;
  const PACED = 'tok-N8N-PACED-2208';
  let limited: Sandbox;
  beforeAll(async () => {
    limited = await startSandbox({ tokens: [PACED], rateLimit: RATE, userPages: 3 });
  });
  afterAll(() => limited.close());
  afterEach(() => {
    limited.stats.reset();
    limited.rateLimit!.reset();
  });
  const keywords = Array.from({ length: 12 }, (_, i) => `kw-${i}`);
  const burst = (options: Record<string, unknown>, tag = '') =>
    workflow(
      {
        operation: 'searchUsers',
        keyword: '={{ $json.keyword }}',
        returnAll: false,
        limit: 20,
        options: { batching: { batch: { batchSize: keywords.length } }, maxRetries: 5, ...options },
      },
      {
        token: PACED,
        baseUrl: limited.url,
        items: keywords.map((keyword) => ({ json: { keyword: `${keyword}${tag}` } })),
      },
    );
  const complete = (r: WorkflowResult, tag = '') => {
    expect(r.error).toBeUndefined();
    expect(r.items.map((i) => i.json.id)).toEqual(
      keywords.flatMap((k) => users(`${k}${tag}`, 1).map((u) => (u as { id: string }).id)),
    );
  };

  it('without pacing the burst meets the limit: 302s, each retried after Retry-After, nothing lost', async () => {
    // The node logs each retry and its wait through n8n's logger (ctx.logger).
    const warnings = watchNodeWarnings();
    let r: WorkflowResult;
    try {
      r = await burst({});
    } finally {
      vi.restoreAllMocks();
    }
    const lines = warnings();
    complete(r);
    const { allowed, limited: refused } = limited.rateLimit!.counts();
    expect(allowed).toBe(keywords.length);
    expect(refused).toBeGreaterThanOrEqual(keywords.length - RATE);
    // Retry-After is read: the sandbox says "1" (second), so retry k waits 2^(k-1) s plus up to 25 %
    // (1-1.25, 2-2.5, 4-5 s ...), not the fixed rate-limit backoff (2, 4, 8 s ... less up to 25 %).
    const waits = lines
      .map((l) => /rate limit exceeded: retry (\d+) of 5 in (\d+) ms/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ retry: Number(m[1]), ms: Number(m[2]) }));
    expect(waits).toHaveLength(refused);
    expect(waits.some((w) => w.retry >= 2)).toBe(true);
    for (const w of waits) {
      expect(w.ms).toBeGreaterThanOrEqual(1000 * 2 ** (w.retry - 1));
      expect(w.ms).toBeLessThanOrEqual(1250 * 2 ** (w.retry - 1));
    }
  });

  it('paced at the allowed rate the same burst gets (almost) no 302 and every item arrives', async () => {
    const r = await burst({ maxRequestsPerSecond: RATE });
    complete(r);
    // Unpaced, 9 of the first 12 were refused; paced, none (one at most, should the machine stall).
    const counts = limited.rateLimit!.counts();
    expect(counts.allowed).toBe(keywords.length);
    expect(counts.limited).toBeLessThanOrEqual(1);
  });

  it('one pace per process and credential: two executions at once share it', async () => {
    // Each execution alone would keep to the rate; together, unshared, they would send twice as many.
    const [a, b] = await Promise.all([
      burst({ maxRequestsPerSecond: RATE }, '-a'),
      burst({ maxRequestsPerSecond: RATE }, '-b'),
    ]);
    complete(a, '-a');
    complete(b, '-b');
    const counts = limited.rateLimit!.counts();
    expect(counts.allowed).toBe(2 * keywords.length);
    expect(counts.limited).toBeLessThanOrEqual(1);
  });

  it('paces pages and retries too: a paged item at 1 per second meets no 302', async () => {
    const r = await workflow(
      { operation: 'searchUsers', keyword: 'pages', returnAll: true, options: { maxRequestsPerSecond: 1 } },
      { token: PACED, baseUrl: limited.url },
    );
    expect(r.error).toBeUndefined();
    expect(r.items).toHaveLength([1, 2, 3].flatMap((p) => users('pages', p)).length);
    expect(limited.rateLimit!.counts()).toEqual({ allowed: 3, limited: 0 });
  });

  it.each([-1, 'fast', 5000])(
    'Max Requests per Second %j is a clear error and sends nothing',
    async (value) => {
      const r = await workflow(search({ options: { maxRequestsPerSecond: value } }), {
        token: PACED,
        baseUrl: limited.url,
      });
      expect(r.error?.message).toMatch(/Max Requests per Second must be a number from 0/);
      expect(limited.stats.count()).toBe(0);
    },
  );

  it('slots are handed out first come, first served, evenly spaced, one lane per target', () => {
    const step = (1000 + PACING_MARGIN_MS) / 4;
    const t = 1e12; // a clock of its own: no lane of the HTTP tests is involved
    expect([0, 1, 2, 3, 4].map(() => paceDelay('lane-a', 4, t))).toEqual(
      [0, 1, 2, 3, 4].map((k) => Math.ceil(k * step)),
    );
    expect(paceDelay('lane-b', 4, t)).toBe(0);
    // Later callers queue behind the earlier ones; once the lane is idle, the next request goes at once.
    expect(paceDelay('lane-a', 4, t + 100)).toBe(Math.ceil(5 * step - 100));
    expect(paceDelay('lane-a', 4, t + 10_000)).toBe(0);
  });

  it('a lane is named by the base URL and a hash of the token: the token itself is not held', () => {
    const key = laneKey('http://127.0.0.1:8787', GOOD);
    expect(key).not.toContain(GOOD);
    expect(key).toBe(laneKey('http://127.0.0.1:8787', GOOD));
    expect(key).not.toBe(laneKey('http://127.0.0.1:8787', `${GOOD}x`));
    expect(key).not.toBe(laneKey('http://127.0.0.1:8788', GOOD));
  });

  it('at its slot a request leaves only if the requests that really left allow it: late wake-ups do not crowd', () => {
    const window = 1000 + PACING_MARGIN_MS;
    const t = 2e12;
    // Three requests woke late and left together at t; the fourth, due at t + 10, must wait.
    expect([0, 0, 0].map(() => paceHold('lane-c', 3, t))).toEqual([0, 0, 0]);
    expect(paceHold('lane-c', 3, t + 10)).toBe(window - 10);
    expect(paceHold('lane-c', 3, t + window)).toBe(0);
  });
});
