// The run engine's conformance table: every scenario runs through each driver (async, sync, batched
// rounds) against the sandbox over real HTTP, and each must put the same requests on the wire (method,
// path, query, form body, token placement), deliver the same items, count the same usage and stop at
// the same resume point. The sandbox runs in a worker thread so the sync drivers can block on their
// requests, as Apps Script's UrlFetchApp does.
import { GENERIC_PAGES, GENERIC_PER_PAGE, type RequestRecord, type Scenario } from '@justoneapi/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionError,
  createRun,
  type EngineOptions,
  type HttpAnswer,
  JustOneApiError,
  type OperationSpec,
  operations,
  type ParamSpec,
  type ParamValue,
  type PreparedRequest,
  type Run,
  type RunPage,
  runAsync,
  runBatched,
  runSync,
  type Usage,
} from '../src/core/index.js';
import { type RemoteSandbox, startRemoteSandbox } from './helpers/remote-sandbox.js';
import { createSyncFetch, type WireAnswer } from './helpers/sync-fetch.js';

const TOKEN = 'conformance';
let sandbox: RemoteSandbox;
let wire: ReturnType<typeof createSyncFetch>;
beforeAll(async () => {
  sandbox = await startRemoteSandbox();
  wire = createSyncFetch();
});
afterAll(async () => {
  await wire?.close();
  await sandbox?.close();
});

// Operations chosen by what they are (method, body, paging style), never by hand-written counts.
const styleOf = (op: OperationSpec) => op.pagination?.state.map((s) => s.kind).join('+') ?? 'none';
const find = (what: string, test: (op: OperationSpec) => boolean) => {
  const op = operations.find(test);
  if (!op) throw new Error(`the catalog has no ${what} operation`);
  return op;
};
const GET = (op: OperationSpec) => op.httpMethod === 'GET';
const OPS = {
  single: find('GET single', (o) => GET(o) && !o.pagination),
  page: find('GET page', (o) => GET(o) && styleOf(o) === 'page' && !o.pagination!.hasMore),
  hasMore: find('page with has-more', (o) => styleOf(o) === 'page' && !!o.pagination!.hasMore),
  offset: find('offset', (o) => GET(o) && styleOf(o) === 'offset'),
  cursor: find('cursor', (o) => GET(o) && styleOf(o) === 'cursor'),
  pageCursor: find('page+cursor', (o) => GET(o) && styleOf(o) === 'page+cursor'),
  postForm: find('POST form', (o) => o.httpMethod === 'POST' && o.tokenIn === 'body' && !!o.pagination),
  postQuery: find(
    'POST query',
    (o) => o.httpMethod === 'POST' && !!o.pagination && o.params.every((p) => p.in === 'query'),
  ),
};

function sample(p: ParamSpec): ParamValue {
  if (p.enum) return p.enum[0]!.value;
  if (p.type === 'integer' || p.type === 'number') return p.minimum ?? 1;
  if (p.type === 'boolean') return true;
  return p.format === 'date' ? '2026-01-01' : 'x';
}
const required = (op: OperationSpec) =>
  Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, sample(p)]));

interface Job {
  op: OperationSpec;
  params?: Record<string, ParamValue>;
  options?: Partial<EngineOptions>;
  token?: string;
  /** "Only new": ids delivered by earlier runs; what this run delivers is added. */
  seen?: Set<string>;
  /** How many items of the nth page (0-based) the user takes (default: all). */
  take?: (page: number, items: unknown[]) => number;
}

/** What a run did, in the terms every driver must agree on. */
interface Outcome {
  items: unknown[];
  usage: Usage;
  resume: Record<string, ParamValue> | undefined;
  /** The stop reason, or the error code that ended the run. */
  end: string | undefined;
  /** The budget refusal's resume point. */
  next?: Record<string, unknown>;
  waits: number[];
}

function start(job: Job): Run {
  const run = createRun(job.op, job.params ?? required(job.op), {
    baseUrl: sandbox.url,
    token: job.token ?? TOKEN,
    policy: { maxRetries: 0 },
    random: () => 0.5,
    ...(job.seen && { onlyNew: true }),
    ...job.options,
  });
  if (job.seen) run.knownIds(job.seen);
  return run;
}

/** Hands a page's items to the "user" and commits what was handed over. */
function take(job: Job, run: Run, page: RunPage, n: number, out: Outcome): void {
  const count = job.take ? job.take(n, page.items) : page.items.length;
  out.items.push(...page.items.slice(0, count));
  for (const id of run.delivered(count)) job.seen?.add(id);
}

function finish(run: Run, out: Outcome, error?: unknown, reason?: string): Outcome {
  out.usage = run.usage;
  out.resume = run.resume;
  out.end = error instanceof JustOneApiError ? String(error.code) : error ? String(error) : reason;
  const next = (error as { next?: Record<string, unknown> } | undefined)?.next;
  if (next) out.next = next;
  return out;
}

const blank = (): Outcome => ({ items: [], usage: run0(), resume: undefined, end: undefined, waits: [] });
const run0 = (): Usage => ({}) as Usage;
const failure = (message: string) => new ConnectionError(message);
const answerOf = (a: WireAnswer): HttpAnswer => {
  if ('error' in a) throw failure(a.error);
  return a;
};
const asWire = ({ method, url, body }: PreparedRequest) => ({
  method,
  url,
  ...(body !== undefined && { body }),
});

async function fetchAsync(req: PreparedRequest): Promise<HttpAnswer> {
  try {
    const init: RequestInit = { method: req.method };
    if (req.body !== undefined) {
      init.body = req.body;
      init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    const res = await fetch(req.url, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, body: await res.text(), headers };
  } catch (e) {
    throw failure(String((e as { cause?: { code?: string } }).cause?.code ?? e));
  }
}

/** Stop reason of the last page (the drivers end without one when an error ended the run). */
const reasonOf = (pages: RunPage[]) => pages.at(-1)?.reason;

type Driver = (job: Job) => Promise<Outcome>;
const DRIVERS: Record<'async' | 'sync' | 'batched', Driver> = {
  async async(job) {
    const run = start(job);
    const out = blank();
    const pages: RunPage[] = [];
    try {
      const io = {
        send: fetchAsync,
        sleep: async (ms: number) => void out.waits.push(ms),
      };
      for await (const page of runAsync(run, io)) take(job, run, page, pages.push(page) - 1, out);
    } catch (error) {
      return finish(run, out, error);
    }
    return finish(run, out, undefined, reasonOf(pages));
  },
  async sync(job) {
    const run = start(job);
    const out = blank();
    const pages: RunPage[] = [];
    try {
      const io = {
        send: (req: PreparedRequest) => answerOf(wire.fetchAll([asWire(req)])[0]!),
        sleep: (ms: number) => void out.waits.push(ms),
      };
      for (const page of runSync(run, io)) take(job, run, page, pages.push(page) - 1, out);
    } catch (error) {
      return finish(run, out, error);
    }
    return finish(run, out, undefined, reasonOf(pages));
  },
  // The job runs in rounds beside a companion job on another token: answers must go back to their own job.
  async batched(job) {
    const companion: Job = { op: OPS.page, token: 'sandbox', options: { maxPages: 2 } };
    const runs = [start(job), start(companion)];
    const outs = [blank(), blank()];
    const pages: RunPage[][] = [[], []];
    const ends: Array<unknown> = [];
    const io = {
      sendAll: (requests: PreparedRequest[]) =>
        wire.fetchAll(requests.map(asWire)).map((a) => ('error' in a ? { error: failure(a.error) } : a)),
      sleep: (ms: number) => void outs.forEach((o) => o.waits.push(ms)),
    };
    for (const event of runBatched(runs, io)) {
      if ('page' in event) {
        const j = event.job;
        take(j === 0 ? job : companion, runs[j]!, event.page, pages[j]!.push(event.page) - 1, outs[j]!);
      } else ends[event.job] = event.end.error;
    }
    const beside = finish(runs[1]!, outs[1]!, ends[1], reasonOf(pages[1]!));
    expect(beside.usage.requests).toBe(2);
    expect(beside.items).toHaveLength(2 * pageSize(OPS.page));
    return finish(runs[0]!, outs[0]!, ends[0], reasonOf(pages[0]!));
  },
};

/** Items per page of an operation in the sandbox (its first page). */
const sizes = new Map<string, number>();
const pageSize = (op: OperationSpec) => sizes.get(op.id) ?? 0;

/** The requests of this test's token as they reached the sandbox, the token's placement made explicit. */
interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  contentType: string | undefined;
  token: 'form' | 'url' | 'none';
  code: number | null;
}
async function sent(): Promise<Sent[]> {
  const withoutToken = (r: Record<string, string>) => {
    const { token: _, ...rest } = r;
    return rest;
  };
  return (await sandbox.requests())
    .filter((r: RequestRecord) => r.token === TOKEN)
    .map((r) => ({
      method: r.method,
      path: r.path,
      query: withoutToken(r.urlQuery),
      form: withoutToken(r.form),
      contentType: r.contentType.split(';')[0],
      token: ('token' in r.form ? 'form' : 'token' in r.urlQuery ? 'url' : 'none') as Sent['token'],
      code: r.code,
    }));
}

/** One run of a job through a driver, with its scenario (faults restart at the first request). */
async function once(driver: Driver, job: Job, scenario: Scenario = {}) {
  await sandbox.setScenario(TOKEN, scenario);
  await sandbox.reset();
  const outcome = await driver(job);
  return { ...outcome, requests: await sent() };
}

/** Runs `body` with each driver; every driver's result must equal the async driver's. */
async function conform<T>(body: (driver: Driver) => Promise<T>): Promise<T> {
  const results = {} as Record<keyof typeof DRIVERS, T>;
  for (const [name, driver] of Object.entries(DRIVERS))
    results[name as keyof typeof DRIVERS] = await body(driver);
  expect(results.sync).toEqual(results.async);
  expect(results.batched).toEqual(results.async);
  return results.async;
}

describe('run engine conformance: async, sync and batched drivers against the sandbox', () => {
  beforeAll(async () => {
    for (const op of Object.values(OPS)) {
      const first = await DRIVERS.async({ op, token: 'sandbox', options: { maxPages: 1 } });
      sizes.set(op.id, first.items.length);
    }
  });

  it.each([
    ['GET without pages', OPS.single],
    ['POST with a form body (token in the body)', OPS.postForm],
    ['POST with query parameters', OPS.postQuery],
  ])('%s: method, path, query, body and token placement as declared', async (_name, op) => {
    const r = await conform((d) => once(d, { op, options: { maxPages: 2 } }));
    const declared = (where: 'query' | 'body') =>
      op.params.filter((p) => p.in === where && p.required).map((p) => p.name);
    for (const req of r.requests) {
      expect(req.method).toBe(op.httpMethod);
      expect(req.path).toBe(op.path);
      expect(Object.keys(req.query)).toEqual(expect.arrayContaining(declared('query')));
      expect(Object.keys(req.form)).toEqual(expect.arrayContaining(declared('body')));
      expect(req.token).toBe(op.tokenIn === 'body' ? 'form' : 'url');
      if (op.tokenIn === 'body') expect(req.contentType).toBe('application/x-www-form-urlencoded');
      expect(req.code).toBe(0);
    }
    expect(r.requests.length).toBe(op.pagination ? 2 : 1);
    expect(r.usage).toMatchObject({ requests: r.requests.length, ok: r.requests.length, failed: {} });
  });

  it.each([
    ['page', OPS.page],
    ['offset', OPS.offset],
    ['cursor', OPS.cursor],
    ['page+cursor', OPS.pageCursor],
  ])('%s style: pages to the end, each paging state once', async (_style, op) => {
    const r = await conform((d) => once(d, { op, options: { maxPages: 10 } }));
    // A cursor-only answer without a next cursor reads as "did not move" (checked before "missing").
    expect(r.end).toMatch(/^(empty|no-more|cursor-unchanged|cursor-missing)$/);
    expect(r.items).toHaveLength(GENERIC_PAGES * GENERIC_PER_PAGE);
    expect(r.resume).toBeUndefined();
    const states = r.requests.map((q) => JSON.stringify(op.pagination!.state.map((s) => q.query[s.param])));
    expect(new Set(states).size).toBe(states.length);
    expect(r.usage.items).toBe(r.items.length);
  });

  it('ends by an empty page, by has-more false, by nothing new and by a cursor that did not move', async () => {
    const empty = await conform((d) => once(d, { op: OPS.page, options: { maxPages: 10 } }));
    expect(empty.end).toBe('empty');
    const noMore = await conform((d) => once(d, { op: OPS.hasMore, options: { maxPages: 10 } }));
    expect(noMore.end).toBe('no-more');
    const repeat = { repeat: true };
    const nothingNew = await conform((d) => once(d, { op: OPS.page, options: { maxPages: 10 } }, repeat));
    expect([nothingNew.end, nothingNew.requests.length]).toEqual(['nothing-new', 2]);
    const stuck = await conform((d) => once(d, { op: OPS.cursor, options: { maxPages: 10 } }, repeat));
    expect([stuck.end, stuck.requests.length]).toEqual(['cursor-unchanged', 1]);
  });

  it('retries a 301, then succeeds (one wait, one retry counted)', async () => {
    const options = { maxPages: 2, policy: { maxRetries: 2, baseDelayMs: 1 } };
    const r = await conform((d) => once(d, { op: OPS.page, options }, { code: 301, times: 1 }));
    expect(r.requests.map((q) => q.code)).toEqual([301, 0, 0]);
    expect(r.usage).toMatchObject({ requests: 3, ok: 2, retries: 1, failed: { '301': 1 }, pages: 2 });
    expect(r.waits).toEqual([1]);
  });

  it('paces every request and spaces pages by the page interval', async () => {
    const pace = (first: boolean) => (first ? 3 : 0);
    const options = { maxPages: 3, pace, pageIntervalMs: 2 };
    const r = await conform((d) => once(d, { op: OPS.page, options }));
    expect(r.requests).toHaveLength(3);
    expect(r.waits).toEqual([3, 2, 3, 2, 3]);
  });

  it('answers the pages its host kept from the cache: not sent, counted as cached', async () => {
    const op = OPS.page;
    const pageParam = op.pagination!.state[0]!.param;
    const cache = new Map<string, HttpAnswer>();
    for (const n of [1, 2]) {
      const params = { ...required(op), [pageParam]: n };
      const step = createRun(op, params, { baseUrl: sandbox.url, token: TOKEN }).next();
      const req = (step as { request: PreparedRequest }).request;
      cache.set(req.url, await fetchAsync(req));
    }
    const whole = await once(DRIVERS.async, { op, options: { maxPages: 10 } });
    const cached = (req: PreparedRequest) => cache.get(req.url);
    const r = await conform((d) => once(d, { op, options: { maxPages: 10, cached } }));
    expect(r.requests.map((q) => q.query[pageParam])).toEqual(['3', '4']);
    expect(r.usage).toMatchObject({ cached: 2, requests: 2, pages: 4 });
    expect(r.items).toEqual(whole.items);
  });

  const interruptions: Array<[string, Scenario, Partial<EngineOptions>, string]> = [
    ['303 on page 3', { code: 303, every: 3 }, {}, '303'],
    ['budget reached on page 3', {}, { maxRequests: 2 }, 'BUDGET'],
    ['network error on page 3', { reset: true, every: 3 }, {}, 'CONNECTION'],
  ];
  describe.each([
    ['GET page', OPS.page],
    ['POST form cursor', OPS.postForm],
  ])('%s', (_kind, op) => {
    it.each(interruptions)(
      '%s: stops with its resume point; resuming loses no item and fetches no page twice',
      async (_n, fault, extra, code) => {
        const whole = await conform((d) => once(d, { op, options: { maxPages: 10 } }));
        const r = await conform(async (d) => {
          const first = await once(d, { op, options: { maxPages: 10, ...extra } }, fault);
          const second = await once(d, { op, params: first.resume!, options: { maxPages: 10 } });
          return { first, second };
        });
        const { first, second } = r;
        expect(first.end).toBe(code);
        expect(first.items).toHaveLength(2 * pageSize(op));
        expect(first.resume).toBeDefined();
        if (code === 'BUDGET') {
          expect(first.next).toEqual(first.resume);
          expect(first.usage).toMatchObject({ requests: 2, refused: 1 });
        } else expect(first.usage.failed).toEqual({ [code]: 1 });
        // No page paid twice: each paging state answered with code 0 once over both runs.
        const paid = [...first.requests, ...second.requests].filter((q) => q.code === 0);
        const states = paid.map((q) =>
          JSON.stringify(op.pagination!.state.map((s) => ({ ...q.query, ...q.form })[s.param])),
        );
        expect(new Set(states).size).toBe(states.length);
        expect([...first.items, ...second.items]).toEqual(whole.items);
        expect(second.resume).toBeUndefined();
      },
    );
  });

  it('"only new" run twice: the second run delivers only what the first did not hand over', async () => {
    const op = OPS.hasMore;
    const whole = await DRIVERS.async({ op, token: 'sandbox', options: { maxPages: 3 } });
    const size = pageSize(op);
    const r = await conform(async (d) => {
      const seen = new Set<string>();
      // The user takes page 1 and 5 items of page 2, then stops: the rest of page 2 is not marked seen.
      const take = (page: number, items: unknown[]) => (page === 1 ? 5 : items.length);
      const deeper = { stopAtSeen: false };
      const first = await once(d, { op, seen, take, options: { maxPages: 2, ...deeper } });
      const second = await once(d, { op, seen, options: { maxPages: 3, ...deeper } });
      return { first, second, seen: seen.size };
    });
    expect(r.first.items).toEqual(whole.items.slice(0, size + 5));
    expect(r.second.items).toEqual(whole.items.slice(size + 5, 3 * size));
    expect(r.second.usage.alreadySeen).toBe(size + 5);
    expect(r.seen).toBe(3 * size);
  });

  it('"only new" with stopAtSeen: a run whose first page an earlier run delivered pays for that page only', async () => {
    const op = OPS.hasMore;
    const r = await conform(async (d) => {
      const seen = new Set<string>();
      const first = await once(d, { op, seen, options: { maxPages: 2, stopAtSeen: true } });
      const second = await once(d, { op, seen, options: { maxPages: 3, stopAtSeen: true } });
      return { first, second };
    });
    expect(r.first.requests).toHaveLength(2);
    expect([r.second.items, r.second.requests.length, r.second.end]).toEqual([[], 1, 'seen-before']);
    expect(r.second.usage).toMatchObject({ pages: 1, alreadySeen: pageSize(op) });
    expect(r.second.resume).toBeDefined();
  });
});
