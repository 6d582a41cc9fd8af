// Compact rows and --columns in the built `justoneapi` binary, against the sandbox's realistic Douyin
// video search (items nested as data.aweme_info.{…}, as the real answer is) over real HTTP.
import { execFile } from 'node:child_process';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../src/format.js';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const TOKEN = 'tok-CLI-COLUMNS-SECRET';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

function cli(args: string[]) {
  const { JUSTONEAPI_TOKEN: _drop, ...env } = process.env;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args, '--base-url', sandbox.url, '--token', TOKEN],
      { env, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}
const SEARCH = ['douyin', 'search-video-v4', '--keyword', '咖啡'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('default rows of an operation without curated columns', () => {
  it('json: compact rows of at most 30 short columns, dates as ISO dates, one URL per cell', async () => {
    const r = await cli([...SEARCH, '--pages', '2', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(5);
    const columns = Object.keys(rows[0]!);
    expect(columns.length).toBeLessThanOrEqual(30);
    expect(columns).toEqual(
      expect.arrayContaining([
        'aweme_id',
        'desc',
        'author.nickname',
        'statistics.digg_count',
        'create_time',
        'share_url',
      ]),
    );
    for (const c of columns) expect(c.length).toBeLessThanOrEqual(32);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(columns);
      expect(row.create_time).toMatch(ISO);
    }
  });

  it('table: fits a 120-column terminal, the columns a person reads first', async () => {
    const r = await cli([...SEARCH, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(120);
    expect(lines[0]!.split(/\s{2,}/)).toEqual(
      expect.arrayContaining(['aweme_id', 'desc', 'nickname', 'create_time', 'digg_count', 'comment_count']),
    );
    expect(lines[2]).toMatch(/ 2026-\d\d-\d\d \d\d:\d\d /);
    expect(lines).toHaveLength(2 + 5);
  });

  it('--raw still gives the API data as it is', async () => {
    const r = await cli([...SEARCH, '--format', 'json', '--raw']);
    const items = JSON.parse(r.stdout) as { data: { aweme_info: { statistics: { digg_count: number } } } }[];
    expect(items[0]!.data.aweme_info.statistics.digg_count).toEqual(expect.any(Number));
  });
});

describe('--columns', () => {
  const COLUMNS =
    'id=aweme_id, likes=statistics.digg_count, author=author.nickname, published=create_time, comment_count';

  it('gives exactly the requested columns, named and ordered as asked, in json, csv and table', async () => {
    const json = await cli([...SEARCH, '--pages', '2', '--format', 'json', '--columns', COLUMNS]);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['id', 'likes', 'author', 'published', 'comment_count']);
      expect(row.likes).toEqual(expect.any(Number));
      expect(row.comment_count).toEqual(expect.any(Number)); // the one column ending in "comment_count"
      expect(row.published).toMatch(ISO);
    }
    const csv = await cli([...SEARCH, '--format', 'csv', '--columns', COLUMNS]);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,likes,author,published,comment_count');
    expect(lines.slice(1)).toHaveLength(5);
    const table = await cli([...SEARCH, '--format', 'table', '--columns', COLUMNS]);
    expect(table.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual([
      'id',
      'likes',
      'author',
      'published',
      'comment_count',
    ]);
  });

  it('a field no item has: the page is printed, then which columns exist (exit 2), no further page', async () => {
    const r = await cli([
      ...SEARCH,
      '--pages',
      '3',
      '--format',
      'csv',
      '--columns',
      'likes=statistics.digg_cnt, desc',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"likes" \(statistics\.digg_cnt\) matches no field.*statistics\.digg_count/);
    expect(r.stdout.trimEnd().split('\r\n')).toHaveLength(1 + 5);
    expect(sandbox.stats.total()).toBe(1);
  });

  it('a malformed --columns is refused before anything is sent', async () => {
    for (const bad of ['likes=', 'a b', 'x=a,x=b']) {
      const r = await cli([...SEARCH, '--columns', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/Column/);
    }
    const raw = await cli([...SEARCH, '--format', 'json', '--raw', '--columns', 'desc']);
    expect(raw.code).toBe(2);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('picks from the curated Xiaohongshu columns by name', async () => {
    const r = await cli(['xhs', 'users', '咖啡', '--format', 'csv', '--columns', 'who=name, followers']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('who,followers');
  });
});
