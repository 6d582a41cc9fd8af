// Paid items are never lost across input items: with several input items and Continue On Fail off, an
// item that fails stops the node's spending (no further request for any item), and everything already
// fetched is output with a warning naming the failure; the node fails only when nothing was fetched.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toUserRecord } from '@justoneapi/sdk/core';
import { runWorkflow, type RunOptions, type WorkflowResult } from './harness';

const GOOD = 'tok-N8N-DELIVERY-4242';
const USERS = '/api/xiaohongshu/search-user/v2';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD], userPages: 3 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

type Run = Partial<RunOptions> & { token?: string };
const workflow = (parameters: Record<string, unknown>, o: Run = {}): Promise<WorkflowResult> =>
  runWorkflow({
    parameters: parameters as RunOptions['parameters'],
    credentials: { token: o.token ?? GOOD, environment: 'custom', baseUrl: sandbox.url },
    typeVersion: 2,
    ...o,
  });
const users = (kw: string, page: number) => userSearchPage(kw, page, { userPages: 3 }).users as unknown[];
const keywords = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { kw: `kw-${k}` } }));
/** One page per item, one item at a time: request k of the run is item k's page. */
const onePageEach = (options: Record<string, unknown> = {}) => ({
  operation: 'searchUsers',
  keyword: '={{ $json.kw }}',
  limit: 2,
  options: { batching: { batch: { batchSize: 1 } }, ...options },
});

describe('several input items, Continue On Fail off: one item failing loses no paid item', () => {
  it('item 2 fails on its first page: items 0-1 are output with a warning, item 3 is not run', async () => {
    // The sandbox answers every third request of this token with code 303 (daily quota, not retried).
    const r = await workflow(onePageEach(), { token: 'sandbox-every3-303', items: keywords(4) });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(3);
    expect(r.items.map((i) => i.json)).toEqual(
      ['kw-0', 'kw-1'].flatMap((kw) =>
        users(kw, 1)
          .slice(0, 2)
          .map((u) => toUserRecord(u)),
      ),
    );
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
    const warnings = r.hints.filter((h) => h.type === 'warning').map((h) => h.message);
    expect(warnings).toEqual([expect.stringMatching(/^Item 2: page 1 failed \(.*code 303\)/)]);
    expect(warnings[0]).toMatch(/item 3 was not run/);
    expect(warnings[0]).toMatch(/Continue On Fail/);
  });

  it('every item failing at once (nothing fetched) still fails the node', async () => {
    const r = await workflow(onePageEach(), { token: 'sandbox-303', items: keywords(2) });
    expect(r.error?.message).toMatch(/code 303/);
    expect(sandbox.stats.count({ path: USERS })).toBe(1);
  });

  it('with Continue On Fail the others run on: items 0-1, the error item of item 2, then item 3', async () => {
    const r = await workflow(onePageEach(), {
      token: 'sandbox-every3-303',
      items: keywords(4),
      continueOnFail: true,
    });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(4);
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(r.items[4]!.json).toMatchObject({ code: 303 });
  });
});
