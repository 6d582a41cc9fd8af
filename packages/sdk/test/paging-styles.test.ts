// Every paging style of the catalog, one operation each, against the sandbox over HTTP: the paginator
// follows the overlay's state (page numbers, offsets, cursors read from the answer) to the last page
// and never past the end signal.
import { GENERIC_PAGES, GENERIC_PER_PAGE, type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type DocumentedOperation, ValidationError } from '../src/index.js';
import { documentedOperations, type ParamSpec } from '../src/core/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
const client = () => createClient({ token: 'sandbox', baseUrl: sandbox.url, maxRetries: 0 });

/** A valid value for a required parameter. */
function sample(p: ParamSpec): string | number | boolean {
  if (p.enum) return p.enum[0]!.value;
  if (p.type === 'integer' || p.type === 'number') return p.minimum ?? 1;
  if (p.type === 'boolean') return true;
  return p.format === 'date' ? '2026-01-01' : 'x';
}
const required = (op: DocumentedOperation) =>
  Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, sample(p)]));

const byStyle = new Map<string, DocumentedOperation>();
for (const op of documentedOperations) {
  const style = op.paging?.style;
  if (style && !op.record && !byStyle.has(style)) byStyle.set(style, op);
}

describe('every paging style', () => {
  it('covers the styles the vendor documents', () => {
    expect([...byStyle.keys()]).toEqual(
      expect.arrayContaining([
        'page',
        'pageNum',
        'offset',
        'cursor',
        'lastCursor',
        'maxCursor',
        'pcursor',
        'last_buffer',
        'searchId',
        'page+searchId',
        'cursor+searchId',
        'offset+pageToken',
        'nextCursor+start',
        'cursor+offset+sessionId',
      ]),
    );
  });

  it.each([...byStyle.entries()].map(([style, op]) => [style, op.id, op] as const))(
    '%s (%s)',
    async (_style, _id, op) => {
      sandbox.stats.reset();
      const api = client() as unknown as Record<string, Record<string, { pages: Function }>>;
      const pages: Array<{ items: unknown[]; done: boolean; next?: Record<string, unknown> }> = [];
      for await (const page of api[op.namespace]![op.method]!.pages(required(op), { maxPages: 10 }))
        pages.push(page);
      const items = pages.flatMap((p) => p.items);
      expect(items).toHaveLength(GENERIC_PAGES * GENERIC_PER_PAGE);
      expect(pages.at(-1)!.done).toBe(true);
      expect(pages.at(-1)!.next).toBeUndefined();
      const sent = sandbox.stats.requests.filter((r) => r.path === op.path);
      // The last page is found by its own signal (no cursor, has-more false) or, for plain page numbers
      // and offsets without one, by the empty page after it: never more than one request past the data.
      expect(sent.length).toBeGreaterThanOrEqual(GENERIC_PAGES);
      expect(sent.length).toBeLessThanOrEqual(GENERIC_PAGES + 1);
      expect(sent.every((r) => r.code === 0)).toBe(true);
      // Each request carried a different paging state.
      const states = sent.map((r) => JSON.stringify(op.pagination!.state.map((s) => r.query[s.param])));
      expect(new Set(states).size).toBe(sent.length);
    },
  );

  it('resumes from a page result’s `next` without fetching a page twice', async () => {
    const op = byStyle.get('cursor')!;
    const api = client() as unknown as Record<string, Record<string, { pages: Function }>>;
    const method = api[op.namespace]![op.method]!;
    sandbox.stats.reset();
    let next: Record<string, unknown> | undefined;
    for await (const page of method.pages(required(op), { maxPages: 1 })) next = page.next;
    expect(next).toBeDefined();
    const rest: unknown[] = [];
    for await (const page of method.pages(next, { maxPages: 10 })) rest.push(...page.items);
    expect(rest).toHaveLength((GENERIC_PAGES - 1) * GENERIC_PER_PAGE);
    const states = sandbox.stats.requests.map((r) => JSON.stringify(r.query));
    expect(new Set(states).size).toBe(states.length);
  });
});

describe('operations beyond Xiaohongshu', () => {
  it('sends a POST form operation with its parameters and the token in the body', async () => {
    const op = documentedOperations.find((o) => o.httpMethod === 'POST' && o.tokenIn === 'body')!;
    sandbox.stats.reset();
    const res = await client().call(op.id as never, required(op) as never);
    expect(res.code).toBe(0);
    expect(sandbox.stats.requests).toHaveLength(1);
    expect(sandbox.stats.requests[0]).toMatchObject({ method: 'POST', path: op.path, token: 'sandbox' });
  });

  it('still calls a deprecated operation', async () => {
    const op = documentedOperations.find((o) => o.deprecated && !o.pagination)!;
    expect((await client().call(op.id as never, required(op) as never)).code).toBe(0);
  });

  it.each([
    ['integer', (p: ParamSpec) => p.type === 'integer' && !p.enum, 'abc', /must be a whole number/],
    ['boolean', (p: ParamSpec) => p.type === 'boolean', 'maybe', /must be true or false/],
    ['enum', (p: ParamSpec) => Boolean(p.enum) && p.type === 'string', 'nope-value', /is not a valid/],
    ['date', (p: ParamSpec) => p.format === 'date', '2026/01/01', /yyyy-MM-dd/],
    [
      'required text',
      (p: ParamSpec) => p.required && p.type === 'string' && !p.enum,
      '   ',
      /must not be empty/,
    ],
  ])('refuses a bad %s before sending anything', async (_kind, pick, value, message) => {
    const op = documentedOperations.find((o) => o.params.some(pick))!;
    const param = op.params.find(pick)!;
    sandbox.stats.reset();
    const err = await client()
      .call(op.id as never, { ...required(op), [param.name]: value } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('refuses an unknown parameter, a missing required one and an over-long URL, sending nothing', async () => {
    sandbox.stats.reset();
    const c = client();
    await expect(c.douyin.searchVideoV4({ keyword: 'x', keywrod: 'y' } as never)).rejects.toThrow(
      /Did you mean "keyword"/,
    );
    await expect(c.douyin.searchVideoV4({} as never)).rejects.toThrow(/keyword is required/);
    await expect(c.douyin.searchVideoV4({ keyword: '咖'.repeat(1000) })).rejects.toThrow(
      /input too long.*keyword is 1000 characters/,
    );
    expect(sandbox.stats.total()).toBe(0);
  });
});
