// Spend control in the built `justoneapi` binary against the sandbox over real HTTP: --dry-run sends
// nothing, --max-requests is never exceeded and says how to resume, --only-new --state FILE prints no
// item twice across runs, and the usage line (stderr) and --meta (json) itemise each run.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { documentedOperations } from '@justoneapi/sdk/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { opCommand, platforms } from '../src/catalog.js';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const TOKEN = 'tok-CLI-SPEND-SECRET';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [TOKEN], feedPages: 4 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

function cli(args: string[], token = TOKEN) {
  const { JUSTONEAPI_TOKEN: _drop, ...env } = process.env;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args, '--base-url', sandbox.url, '--token', token],
      { env, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}
const ids = (stdout: string) => (JSON.parse(stdout) as Array<{ id: string }>).map((r) => r.id);

describe('--dry-run', () => {
  it('prints the most requests and sends nothing', async () => {
    const r = await cli([
      'xhs',
      'feed',
      'food',
      '--pages',
      '5',
      '--retries',
      '1',
      '--dry-run',
      '--format',
      'table',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'Dry run, nothing sent: get-note-feed makes at most 5 requests (10 if every request is retried) (--pages 5).\n',
    );
    const j = await cli([
      'xhs',
      'feed',
      'food',
      '--pages',
      '5',
      '--max-requests',
      '7',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(JSON.parse(j.stdout)).toEqual({
      dryRun: true,
      operation: 'xiaohongshu.getNoteFeed',
      estimate: { requests: 5, withRetries: 7, capped: true },
    });
    const bad = await cli(['xhs', 'feed', 'nosuchfeed', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('--max-requests', () => {
  it('stops before the request past the budget, exit 5, with the flags to resume and the usage line', async () => {
    const r = await cli(['xhs', 'feed', 'food', '--pages', '10', '--max-requests', '2', '--format', 'json']);
    expect(r.code).toBe(5);
    expect(sandbox.stats.count({ path: FEED })).toBe(2);
    expect(r.stderr).toContain(
      'Request budget reached: 2 of 2 requests sent (--max-requests); the next one was not sent. Continue with --page 3 (no page is fetched twice).',
    );
    expect(r.stderr).toMatch(
      /usage: 2 requests of 2 \(2 ok\), 2 pages, \d+ items.*1 request refused by the budget; resume with --page 3\n/,
    );
    // Pages already paid for are printed.
    expect(ids(r.stdout).length).toBeGreaterThan(0);
    // Resumed: pages 3 and 4, each fetched once.
    sandbox.stats.reset();
    const rest = await cli(['xhs', 'feed', 'food', '--page', '3', '--pages', '10', '--format', 'json']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(sandbox.stats.requests.map((q) => q.query.page)).toEqual(['3', '4', '5']);
    // (The feed repeats some notes across pages: a resumed run only skips pages; --only-new skips items.)
  });

  it('counts retries against the budget', async () => {
    const r = await cli(['xhs', 'users', 'a', '--max-requests', '2', '--retries', '5'], 'sandbox-500');
    expect(r.code).toBe(5);
    expect(sandbox.stats.total()).toBe(2);
    expect(r.stderr).toMatch(/usage: 2 requests of 2 \(0 ok, 2 failed: 500×2\), 1 retry/);
  });

  it('rejects a bad value before anything is sent', async () => {
    const r = await cli(['xhs', 'users', 'a', '--max-requests', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-requests must be a whole number >= 1/);
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('--only-new --state FILE', () => {
  it('prints no item twice across runs, per parameters', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const feed = (pages: string, oid = 'food') =>
      cli(['xhs', 'feed', oid, '--pages', pages, '--only-new', '--state', state, '--format', 'json']);
    const a = await feed('2');
    const b = await feed('10');
    const c = await feed('10');
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    expect(ids(a.stdout).length).toBeGreaterThan(0);
    expect(ids(b.stdout).length).toBeGreaterThan(0);
    expect(ids(b.stdout).filter((id) => ids(a.stdout).includes(id))).toEqual([]);
    expect(ids(c.stdout)).toEqual([]);
    expect(c.stderr).toMatch(/usage: 5 requests \(5 ok\), 5 pages, 0 items, .*already seen/);
    expect(ids((await feed('1', 'travel')).stdout).length).toBeGreaterThan(0);
  });

  it('--stop-at-seen: a run whose first page an earlier run printed costs one request', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const feed = () =>
      cli([
        'xhs',
        'feed',
        'food',
        '--pages',
        '10',
        '--only-new',
        '--stop-at-seen',
        '--state',
        state,
        '--format',
        'json',
      ]);
    const a = await feed();
    expect(a.code, a.stderr).toBe(0);
    expect(ids(a.stdout).length).toBeGreaterThan(0);
    sandbox.stats.reset();
    const b = await feed();
    expect(b.code, b.stderr).toBe(0);
    expect(ids(b.stdout)).toEqual([]);
    expect(sandbox.stats.total()).toBe(1);
    expect(b.stderr).toMatch(/usage: 1 request \(1 ok\), 1 page, 0 items, .*already seen/);
    expect((await cli(['xhs', 'feed', 'food', '--stop-at-seen'])).stderr).toMatch(/goes with --only-new/);
  });

  it('needs --state and an operation with item ids; nothing is sent otherwise', async () => {
    expect((await cli(['xhs', 'feed', 'food', '--only-new'])).stderr).toMatch(
      /--only-new needs --state FILE/,
    );
    expect((await cli(['xhs', 'feed', 'food', '--state', 'x.json'])).stderr).toMatch(
      /--state goes with --only-new/,
    );
    const r = await cli(['twitter', 'search-v1', '--keyword', 'x', '--only-new', '--state', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an item id/);
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('--only-new --item-id FIELD', () => {
  it('works on an operation without a documented item id', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const run = (pages: string) =>
      cli([
        'douyin',
        'search-video-v4',
        '--keyword',
        'x',
        '--pages',
        pages,
        '--only-new',
        '--state',
        state,
        '--item-id',
        'data.aweme_info.aweme_id',
        '--format',
        'json',
      ]);
    const a = await run('1');
    const b = await run('3');
    const c = await run('3');
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    const awemeIds = (stdout: string) =>
      (JSON.parse(stdout) as Array<{ aweme_id: string }>).map((r) => r.aweme_id);
    expect(awemeIds(a.stdout).length).toBeGreaterThan(0);
    expect(awemeIds(b.stdout).length).toBeGreaterThan(0);
    expect(awemeIds(b.stdout).filter((id) => awemeIds(a.stdout).includes(id))).toEqual([]);
    expect(awemeIds(c.stdout)).toEqual([]);
  });

  it('says what to do without it, refuses a bad field before sending, and a field no item has', async () => {
    const base = ['douyin', 'search-video-v4', '--keyword', 'x', '--only-new', '--state', 'x.json'];
    const none = await cli(base);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--item-id/);
    const bad = await cli([...base, '--item-id', 'a b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/dot path/);
    expect(sandbox.stats.total()).toBe(0);
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const wrong = await cli([...base.slice(0, -1), state, '--item-id', 'aweme_id']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/no item has the id field "aweme_id"/);
    expect((await cli(['douyin', 'search-video-v4', '--help'])).stdout).toMatch(/--item-id FIELD/);
  });
});

describe('an operation whose own parameter is itemId (--item-id)', () => {
  const own = documentedOperations.filter(
    (op) => op.params.some((p) => p.name === 'itemId') && !op.danger && !op.hidden,
  );
  const only = (op: (typeof own)[number]) => op.params.every((p) => p.name === 'itemId' || !p.required);
  const paged = own.find((op) => op.pagination && only(op))!;
  const single = own.find((op) => !op.pagination && only(op))!;
  const command = (op: typeof paged) => [
    platforms().find((p) => p.id === op.namespace)!.command,
    opCommand(op),
  ];

  it.each([
    ['paged', paged],
    ['not paged', single],
  ])('%s: --item-id is the parameter, sent as itemId', async (_kind, op) => {
    const r = await cli([...command(op), '--item-id', '4242', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(sandbox.stats.requests.map((q) => q.query.itemId)).toEqual(['4242']);
  });

  it('--id-field is then the CLI option (only new), and --help says so', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const args = [...command(paged), '--item-id', '4242', '--only-new', '--state', state, '--format', 'json'];
    const first = await cli([...args, '--id-field', 'id']);
    expect(first.stderr).not.toMatch(/is required/);
    expect(sandbox.stats.requests.map((q) => q.query.itemId)).toEqual(['4242']);
    const help = (await cli([...command(paged), '--help'])).stdout;
    expect(help).toContain("--item-id is this operation's parameter here; the CLI option is --id-field.");
    expect(help).not.toMatch(/--item-id FIELD/);
    expect((await cli(['--help'])).stdout).toMatch(/--id-field/);
  });

  it('an operation without that parameter keeps --item-id as the CLI option, --id-field too', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'jo-cli-')), 'seen.json');
    const base = ['douyin', 'search-video-v4', '--keyword', 'x', '--only-new', '--state', state];
    for (const flag of ['--item-id', '--id-field']) {
      const r = await cli([...base, flag, 'data.aweme_info.aweme_id', '--format', 'json']);
      expect(r.code, `${flag}: ${r.stderr}`).toBe(0);
    }
  });
});

describe('--meta', () => {
  it('wraps json output with the run usage', async () => {
    const r = await cli(['xhs', 'users', 'a', '--pages', '2', '--format', 'json', '--meta']);
    const out = JSON.parse(r.stdout);
    expect(out.items).toHaveLength(40);
    expect(out.meta).toMatchObject({
      operation: 'xiaohongshu.searchUsers',
      usage: { requests: 2, ok: 2, pages: 2, items: 40 },
      resume: { keyword: 'a', page: 3 },
    });
    expect(r.stderr).toBe(''); // stderr is not a terminal and no spend option: no usage line
    expect((await cli(['xhs', 'users', 'a', '--meta', '--format', 'csv'])).code).toBe(2);
  });
});
