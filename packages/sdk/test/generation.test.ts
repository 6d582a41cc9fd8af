import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@justoneapi/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { createBaseClient } from '../src/client.js';
import {
  type CompactOperation,
  decodeOperations,
  documentedOperations,
  documentOperation,
  findOperation,
  type OperationDocs,
  operations,
} from '../src/core/index.js';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-gen-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const VENDOR = 'vendor/public-api.json';

/** A copy of specs/ to change, and a function that runs the generator on it. */
function specsCopy(name: string) {
  const specs = join(scratch, name, 'specs');
  cpSync(join(root, 'specs'), specs, { recursive: true });
  const generate = () =>
    spawnSync(
      process.execPath,
      [
        join(root, 'scripts/generate.mjs'),
        '--specs',
        specs,
        '--out',
        join(scratch, name, 'generated'),
        '--docs',
        join(scratch, name, 'operations.md'),
      ],
      { encoding: 'utf8' },
    );
  return { specs, out: join(scratch, name, 'generated'), generate };
}

const tokenParam = { name: 'token', in: 'query', required: true, schema: { type: 'string' } };
const ok = {
  '200': {
    description: 'OK',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } },
  },
};

describe('generation from specs/', () => {
  it('turns operations added to the vendor document into SDK methods and sandbox routes, with no other edit', async () => {
    const { specs, out, generate } = specsCopy('added');
    const vendor = readJson(join(specs, VENDOR));
    // What a newer vendor document brings: a plain operation, and a paged one with its overlay entry.
    vendor.paths['/api/douyin/get-live-info/v9'] = {
      get: {
        operationId: 'getApiDouyinGetLiveInfoV9',
        summary: 'Live Room Info',
        description: 'Gets one live room.',
        tags: ['Douyin (TikTok China)'],
        parameters: [
          tokenParam,
          {
            name: 'roomId',
            in: 'query',
            required: true,
            schema: { type: 'string' },
            description: 'Room id.',
          },
        ],
        responses: ok,
      },
    };
    vendor.paths['/api/douyin/search-live/v9'] = {
      post: {
        operationId: 'postApiDouyinSearchLiveV9',
        summary: 'Live Search',
        description: 'Searches live rooms.',
        tags: ['Douyin (TikTok China)'],
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['token', 'keyword'],
                properties: {
                  token: { type: 'string' },
                  keyword: { type: 'string', description: 'Search keyword.' },
                  cursor: { type: 'string', description: 'Use next_cursor from the previous response.' },
                },
              },
            },
          },
        },
        responses: ok,
      },
    };
    writeFileSync(join(specs, VENDOR), JSON.stringify(vendor));
    writeFileSync(
      join(specs, 'overlays', 'zz-test.json'),
      JSON.stringify({
        overlay: '1.0.0',
        info: { title: 'test', version: '1' },
        actions: [
          {
            target: "$.paths['/api/douyin/search-live/v9'].post",
            update: {
              'x-justoneapi': {
                pagination: {
                  style: 'cursor',
                  state: [{ param: 'cursor', kind: 'cursor', from: ['next_cursor'] }],
                  items: 'rooms',
                  id: 'room_id',
                  vendor: ['cursor: Use next_cursor from the previous response.'],
                  assumed: ['items', 'id'],
                },
              },
            },
          },
        ],
      }),
    );
    const run = generate();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const { platforms } = (await import(join(out, 'catalog', 'index.ts'))) as {
      platforms: Record<string, readonly CompactOperation[]>;
    };
    const { operationDocs } = (await import(join(out, 'docs.ts'))) as {
      operationDocs: Record<string, OperationDocs>;
    };
    const ops = Object.entries(platforms).flatMap(([ns, list]) => decodeOperations(ns, list));
    expect(ops).toHaveLength(operations.length + 2);
    const live = ops.find((o) => o.id === 'douyin.searchLiveV9')!;
    expect(live).toMatchObject({
      httpMethod: 'POST',
      tokenIn: 'body',
      params: [
        { name: 'keyword', in: 'body' },
        { name: 'cursor', in: 'body' },
      ],
    });
    expect(documentOperation(live, operationDocs[live.id]).summary.en).toBe('Live Search');
    expect(readFileSync(join(out, 'api.ts'), 'utf8')).toContain(
      'searchLiveV9: PagedMethod<OperationTypes["douyin.searchLiveV9"]>',
    );

    const documented = ops.map((o) => documentOperation(o, operationDocs[o.id]));
    const sandbox = await startSandbox({ operations: documented });
    try {
      const client = createBaseClient<Record<string, any>>({
        token: 'sandbox',
        baseUrl: sandbox.url,
        operations: ops,
      });
      const info = await client.douyin.getLiveInfoV9({ roomId: 'r1' });
      expect(info.code).toBe(0);
      const rooms: Array<{ room_id: string }> = [];
      for await (const room of client.douyin.searchLiveV9.items({ keyword: 'x' }, { maxPages: 10 }))
        rooms.push(room);
      expect(rooms).toHaveLength(15); // 3 pages of 5, then the cursor runs out
      expect(new Set(rooms.map((r) => r.room_id)).size).toBe(15);
      const sent = sandbox.stats.requests.filter((r) => r.path === '/api/douyin/search-live/v9');
      expect(sent.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
      expect(sent.map((r) => r.query.cursor)).toEqual([undefined, 'sbx-2', 'sbx-3']);
      const before = sandbox.stats.total();
      await expect(client.douyin.searchLiveV9({})).rejects.toThrow(/keyword is required/);
      expect(sandbox.stats.total()).toBe(before);
    } finally {
      await sandbox.close();
    }
  });

  it('names a new operation that looks paged until specs/overlays says how it pages', () => {
    const { specs, generate } = specsCopy('unpaged');
    const vendor = readJson(join(specs, VENDOR));
    vendor.paths['/api/weibo/get-fans/v9'] = {
      get: {
        operationId: 'x',
        summary: 'Fans',
        description: 'Fans.',
        tags: ['Weibo'],
        parameters: [
          tokenParam,
          { name: 'uid', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'page', in: 'query', schema: { type: 'integer' } },
        ],
        responses: ok,
      },
    };
    writeFileSync(join(specs, VENDOR), JSON.stringify(vendor));
    const run = generate();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'GET /api/weibo/get-fans/v9 (weibo.getFansV9): has page but no pagination or notPaged entry',
    );
  });

  it('names an overlay whose operation the vendor removed', () => {
    const { specs, generate } = specsCopy('removed');
    const vendor = readJson(join(specs, VENDOR));
    delete vendor.paths['/api/douyin/search-video/v4'];
    writeFileSync(join(specs, VENDOR), JSON.stringify(vendor));
    const run = generate();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("$.paths['/api/douyin/search-video/v4'].get");
    expect(run.stderr).toContain('the target selects nothing');
  });

  it('refuses a paging response path that is neither in the vendor text nor marked assumed', () => {
    const { specs, generate } = specsCopy('unquoted');
    const overlay = readJson(join(specs, 'overlays/pagination.json'));
    const action = overlay.actions.find((a: { target: string }) =>
      a.target.includes('/api/bilibili/get-video-comment/v2'),
    );
    const pg = action.update['x-justoneapi'].pagination;
    pg.state[0].from = ['made_up_cursor'];
    pg.assumed = [];
    writeFileSync(join(specs, 'overlays/pagination.json'), JSON.stringify(overlay));
    const run = generate();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /bilibili\.\w+: cursor path "made_up_cursor" is neither in the vendor's text nor assumed/,
    );
  });

  it('spec:sync prints what a newer vendor document changes', () => {
    const next = readJson(join(root, 'specs', VENDOR));
    next.paths['/api/weibo/get-fans/v9'] = {
      get: { summary: 'Fans', parameters: [tokenParam], responses: ok },
    };
    delete next.paths['/api/douyin/search-video/v4'];
    next.paths['/api/weibo/search-all/v2'].get.deprecated = true;
    next.paths['/api/weibo/search-all/v2'].get.parameters.push({
      name: 'region',
      in: 'query',
      schema: { type: 'string' },
    });
    const file = join(scratch, 'next.json');
    writeFileSync(file, JSON.stringify(next));
    const out = execFileSync(process.execPath, [
      join(root, 'scripts/spec-sync.mjs'),
      file,
      '--check',
    ]).toString();
    expect(out).toMatch(/ADDITIVE +operation-added +GET \/api\/weibo\/get-fans\/v9 {2}Fans/);
    expect(out).toMatch(/BREAKING +operation-removed +GET \/api\/douyin\/search-video\/v4/);
    expect(out).toMatch(/DEPRECATING +deprecated +GET \/api\/weibo\/search-all\/v2/);
    expect(out).toMatch(/ADDITIVE +param-added +GET \/api\/weibo\/search-all\/v2 {2}region:string/);
    expect(out).toContain('changeset bump: major');
    // One added, one removed; supplementary operations count on both sides.
    expect(out).toContain(`${operations.length} -> ${operations.length} operations`);
  });

  it('the checked-in generated code matches specs/ (freshness check)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/check-generated.mjs')], {
      env: { ...process.env, CI: '' },
    }).toString();
    expect(out).toMatch(/up to date/);
  });

  it('lists every operation name in a generated file: a rename shows as a diff there', async () => {
    const names = operations
      .flatMap((o) => [
        `${o.id} ${o.httpMethod} ${o.path}`,
        ...(o.aliases ?? []).map((a) => `${o.namespace}.${a} = ${o.id}`),
      ])
      .join('\n');
    expect(readFileSync(join(root, 'packages/sdk/src/generated/operation-names.txt'), 'utf8')).toBe(
      `${names}\n`,
    );
    // One operation per method of each path in the vendor and supplementary documents, none excluded.
    const specOps = [
      VENDOR,
      ...readdirSync(join(root, 'specs/supplementary')).map((f) => `supplementary/${f}`),
    ]
      .map((f) => readJson(join(root, 'specs', f)))
      .flatMap((d) => Object.values(d.paths as Record<string, object>).flatMap((item) => Object.keys(item)));
    expect(operations).toHaveLength(specOps.length);
    expect(findOperation('xiaohongshu.searchUserV2').id).toBe('xiaohongshu.searchUsers');
    expect(findOperation('xiaohongshu.getNoteFeedV1').id).toBe('xiaohongshu.getNoteFeed');
  });

  it('keeps texts out of the runtime catalog and merges them back in documentedOperations', () => {
    expect(JSON.stringify(operations)).not.toMatch(/"summary"|"description"|"label"/);
    expect(documentedOperations.map((o) => o.id)).toEqual(operations.map((o) => o.id));
    for (const op of documentedOperations) {
      expect(op.summary.en && op.summary.zh, op.id).toBeTruthy();
      for (const p of op.params) expect(p.displayName, `${op.id} ${p.name}`).toBeTruthy();
    }
    const feeds = findOperation('xiaohongshu.getNoteFeed', undefined, documentedOperations).params.find(
      (p) => p.name === 'oid',
    )!.enum!;
    expect(feeds).toHaveLength(41);
    for (const f of feeds) expect(f.label.zh, String(f.value)).toMatch(/^[\u3400-\u9fff]+$/);
    expect(feeds.find((f) => f.value === 'homefeed_food_v3')).toMatchObject({
      label: { en: 'food', zh: '美食' },
      aliases: ['food'],
    });
    // Labels the vendor writes in descriptions ("- `_0`: General") become enum labels.
    const sorted = documentedOperations
      .flatMap((o) => o.params)
      .find((p) => p.enum?.some((e) => e.label.en !== String(e.value)));
    expect(sorted).toBeDefined();
  });

  it('vendor and supplementary specs are valid OpenAPI 3.1 documents; overlays are Overlay 1.0', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    for (const dir of ['vendor', 'supplementary']) {
      for (const f of readdirSync(join(root, 'specs', dir))) {
        const result = await new Validator().validate(readJson(join(root, 'specs', dir, f)));
        expect({ file: f, ...result }).toEqual({ file: f, valid: true });
      }
    }
    for (const f of readdirSync(join(root, 'specs', 'overlays'))) {
      const o = readJson(join(root, 'specs', 'overlays', f));
      expect(o.overlay, f).toBe('1.0.0');
      expect(o.actions.length, f).toBeGreaterThan(0);
    }
    // The vendor document is kept verbatim: byte for byte what the vendor publishes (see `pnpm spec:sync`).
    expect(readJson(join(root, 'specs', VENDOR)).paths).toBeDefined();
  });
});
