// Simplify > Fields on a platform node (v2), in n8n's own execution engine, against the sandbox's
// realistic Xiaohongshu note search (items wrapped as { model_type, note: {…} }, as the real answer is).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runWorkflow, type WorkflowResult } from './harness';

const GOOD = 'tok-N8N-FIELDS-4242';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

function workflow(extra: Record<string, unknown>): Promise<WorkflowResult> {
  return runWorkflow({
    parameters: { operation: 'searchNoteV2', keyword: '咖啡', returnAll: false, limit: 10, ...extra },
    credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
    typeVersion: 2,
  });
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Simplify > Fields', () => {
  it('gives exactly the fields asked for, renamed, in order, dates as ISO dates', async () => {
    const r = await workflow({
      fields: 'likes=liked_count, author=user.nickname, published=timestamp, title',
    });
    expect(r.error).toBeUndefined();
    expect(r.items).toHaveLength(10);
    for (const { json } of r.items) {
      expect(Object.keys(json)).toEqual(['likes', 'author', 'published', 'title']);
      expect(json.likes).toEqual(expect.any(Number));
      expect(json.published).toMatch(ISO);
    }
    expect(r.hints).toEqual([]);
  });

  it('"*": every compact field, the shared wrapper dropped, one URL per image list', async () => {
    const r = await workflow({ fields: '*' });
    const json = r.items[0]!.json;
    expect(json).toMatchObject({ model_type: 'note', 'user.nickname': expect.any(String) });
    expect(json['images_list.url']).toMatch(/^https:\/\/sns-webpic/);
    expect(json.timestamp).toMatch(ISO);
    for (const k of Object.keys(json)) expect(k.length).toBeLessThanOrEqual(32);
  });

  it('blank: at most 30 compact fields, the same on every item; Simplify off gives the raw items', async () => {
    const blank = await workflow({});
    const keys = Object.keys(blank.items[0]!.json);
    expect(keys.length).toBeLessThanOrEqual(30);
    expect(keys).toEqual(
      expect.arrayContaining(['id', 'title', 'user.nickname', 'liked_count', 'timestamp']),
    );
    for (const { json } of blank.items) expect(Object.keys(json)).toEqual(keys);
    expect(blank.items[0]!.json.timestamp).toMatch(ISO);
    const raw = await workflow({ simplify: false, fields: 'title' });
    expect((raw.items[0]!.json.note as Record<string, unknown>).liked_count).toEqual(expect.any(Number));
  });

  it('a field no item has: the items, and a hint naming the fields there are', async () => {
    const r = await workflow({ fields: 'likes=liked_cnt, title' });
    expect(r.error).toBeUndefined();
    expect(r.items).toHaveLength(10);
    expect(r.items[0]!.json).toEqual({ likes: null, title: expect.any(String) });
    expect(r.hints.map((h) => h.message)).toEqual([
      expect.stringMatching(
        /Fields: "likes" \(liked_cnt\) matched no field of the items\. Fields there: .*liked_count/,
      ),
    ]);
  });

  it('malformed Fields fail the node before anything is sent', async () => {
    const r = await workflow({ fields: 'likes=, title' });
    expect(r.error?.message).toMatch(/Column "likes="/);
    expect(sandbox.stats.total()).toBe(0);
  });
});
