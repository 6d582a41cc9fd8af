// The bundle is written over the catalog, not over today's two operations: built here with a catalog
// that has more (a Acme search with pages, an operation without pages, a deprecated and a hidden
// one), it calls them, pages them and lists them with no code of their own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const TOKEN = 'tok-CATALOG-7731';
const text = (en: string, zh = en) => ({ en, zh });
const param = (name: string, extra: object = {}) => ({
  name,
  in: 'query',
  type: 'string',
  required: false,
  displayName: name,
  description: text(`The ${name}.`, `${name} 参数`),
  ...extra,
});
const op = (method: string, extra: object) => ({
  id: `acme.${method}`,
  namespace: 'acme',
  method,
  httpMethod: 'GET',
  path: `/api/acme/${method}`,
  operationId: method,
  summary: text(`Acme ${method}`, `阿克米 ${method}`),
  description: text('Long text no bundle path shows.'),
  params: [],
  ...extra,
});
const extra = [
  op('searchVideoV4', {
    version: 'v4',
    params: [
      param('keyword', { required: true }),
      param('sort', {
        enum: [
          { value: '_0', label: text('General', '综合') },
          { value: '_1', label: text('More likes', '最多点赞') },
        ],
      }),
      param('page', { type: 'integer', default: 1, minimum: 1 }),
    ],
    pagination: { state: [{ param: 'page', kind: 'page' }], items: 'list', id: 'aweme_id' },
  }),
  op('getVideoDetail', { deprecated: true, params: [param('awemeId', { required: true })] }),
  op('internalProbe', { hidden: true, params: [param('q', { required: true })] }),
];
const catalog = {
  operations: [...documentedOperations, ...extra],
  platforms: [
    ...documentedPlatforms,
    { id: 'acme', name: text('Acme', '阿克米'), aliases: [], description: '' },
  ],
};

let dir: string;
let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sheets-catalog-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
  // --texts file: the texts go to Reference.html, as they will once the catalog is large.
  execFileSync(
    process.execPath,
    [
      'scripts/build.mjs',
      '--catalog',
      join(dir, 'catalog.json'),
      '--out',
      join(dir, 'dist'),
      '--texts',
      'file',
    ],
    {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: 'ignore',
    },
  );
  sandbox = await startRemoteSandbox({ tokens: [TOKEN], operations: catalog.operations });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness({ code: join(dir, 'dist/Code.js') });
  h.userProps.set('JUSTONEAPI_TOKEN', TOKEN);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});

describe('a catalog beyond the two Xiaohongshu operations', () => {
  it('=JUSTONEAPI calls a new operation with its enum labels, and pages it without duplicates', async () => {
    const one = h.call('JUSTONEAPI', 'acme.searchVideoV4', 'keyword', '咖啡', 'sort', '最多点赞', 'page', 2);
    // The formula decoded its own platform's operations and, its table not being cached, the packed bundle
    // that holds the run engine (a cached formula decodes neither: sheets.test.ts), nothing else.
    expect(h.ungzips.count).toBe(2);
    expect(one[0]).toEqual(expect.arrayContaining(['aweme_id', 'title']));
    expect(one).toHaveLength(6);
    const three = h.call(
      'JUSTONEAPI',
      'acme.searchVideoV4',
      [
        ['keyword', '咖啡'],
        ['pages', 3],
      ],
      'options',
      'noheader',
    );
    expect(three).toHaveLength(15);
    expect(new Set(three.map((r: unknown[]) => r[0])).size).toBe(15);
    const requests = await sandbox.requests();
    expect(requests.map((r) => [r.path, r.query.sort, r.query.page])).toEqual([
      ['/api/acme/searchVideoV4', '_1', '2'],
      ['/api/acme/searchVideoV4', undefined, '1'],
      ['/api/acme/searchVideoV4', undefined, '2'],
      ['/api/acme/searchVideoV4', undefined, '3'],
    ]);
  });

  it('an operation without pages refuses "pages"; a hidden one is callable', async () => {
    expect(() => h.call('JUSTONEAPI', 'acme.getVideoDetail', 'awemeId', '1', 'pages', 2)).toThrow(
      /^JUSTONEAPI: acme.getVideoDetail has no pages/,
    );
    h.call('JUSTONEAPI', 'acme.internalProbe', 'q', 'x');
    expect((await sandbox.requests()).map((r) => r.path)).toEqual(['/api/acme/internalProbe']);
  });

  it('a job runs a new operation from its parameters column', async () => {
    h.call('XHS_MENU_REFRESH');
    h.sheets
      .get('Just One API')!
      .getRange(2, 1, 1, 8)
      .setValues([['acme.searchVideoV4', '', 2, 'Acme coffee', '', '', '', 'keyword=咖啡; sort=General']]);
    await sandbox.reset();
    h.call('XHS_MENU_REFRESH');
    expect(h.sheets.get('Acme coffee')!.cells[0]).toEqual(
      expect.arrayContaining(['aweme_id', 'title', 'fetched_at', 'page']),
    );
    expect(h.sheets.get('Acme coffee')!.cells).toHaveLength(11);
    expect(
      (await sandbox.requests()).filter((r) => r.path.includes('acme')).map((r) => r.query.sort),
    ).toEqual(['_0', '_0']);
  });

  it('the Operations reference lists the new platform, marks deprecated operations and skips hidden ones', () => {
    h.call('XHS_MENU_OPERATIONS');
    const rows = new Map(
      h.sheets
        .get('Just One API operations')!
        .cells.slice(1)
        .map((r) => [r[2], r as string[]]),
    );
    expect([...rows.keys()].filter((id) => String(id).startsWith('acme.'))).toEqual([
      'acme.getVideoDetail',
      'acme.searchVideoV4',
    ]);
    expect([...rows.keys()]).toEqual(
      expect.arrayContaining(['xiaohongshu.getNoteFeed', 'xiaohongshu.searchUsers']),
    );
    // Every hidden operation of the catalog is left out.
    for (const op of catalog.operations) if (op.hidden) expect(rows.has(op.id), op.id).toBe(false);
    const search = rows.get('acme.searchVideoV4')!;
    expect(search.slice(0, 8)).toEqual([
      'Acme',
      '阿克米',
      'acme.searchVideoV4',
      'Acme searchVideoV4',
      '阿克米 searchVideoV4',
      'v4',
      '',
      'yes',
    ]);
    expect(search[8]).toContain(
      'sort (text): The sort. / sort 参数 Values: _0 (General / 综合), _1 (More likes / 最多点赞).',
    );
    expect(search[9]).toBe('=JUSTONEAPI("acme.searchVideoV4", "keyword", "…")');
    expect(rows.get('acme.getVideoDetail')![6]).toBe('deprecated');
  });

  it('the texts live in Reference.html, out of Code.js; without that file the reference still lists parameters', () => {
    const code = readFileSync(join(dir, 'dist/Code.js'), 'utf8');
    const texts = readFileSync(join(dir, 'dist/Reference.html'), 'utf8');
    expect(texts).toMatch(/^<!--[A-Za-z0-9+/=]+-->\n$/);
    expect(code).not.toContain(texts.slice(4, 60));
    rmSync(join(dir, 'dist/Reference.html'));
    h.call('XHS_MENU_OPERATIONS');
    const row = h.sheets.get('Just One API operations')!.cells.find((r) => r[2] === 'acme.searchVideoV4')!;
    expect(row[3]).toBe('');
    expect(row[8]).toContain('sort (text) Values: _0 (General / 综合), _1 (More likes / 最多点赞).');
  });
});
