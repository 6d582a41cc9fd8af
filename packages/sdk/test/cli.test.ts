import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toUserRecord, USER_COLUMNS, NOTE_COLUMNS } from '../src/index.js';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: ['tok-CLI-SECRET'] });
});
afterAll(() => sandbox.close());

// Asynchronous on purpose: the test's own sandbox must keep answering while the CLI runs.
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { JUSTONEAPI_TOKEN: _drop, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...base, ...env }, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

describe('justoneapi CLI', async () => {
  it('with no token, runs against the embedded sandbox and says so on stderr', async () => {
    const r = await run(['xhs', 'users', '咖啡', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/embedded sandbox/);
    const records = JSON.parse(r.stdout);
    const users = (userSearchPage('咖啡', 1) as { users: unknown[] }).users;
    expect(records).toEqual(users.map(toUserRecord));
  });

  it('prints CSV in the record columns and reports progress for several pages', async () => {
    const r = await run(['xhs', 'users', '咖啡', '--pages', '2', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe([...USER_COLUMNS].join(','));
    expect(lines).toHaveLength(41);
    expect(r.stderr).toMatch(/page 1: 20 new users \(20 in all\)/);
    expect(r.stderr).toMatch(/page 2: 20 new users \(40 in all\)/);
  });

  it('prints the feed as ndjson and a table, accepting a feed label', async () => {
    const nd = await run(['xhs', 'feed', 'food', '--format', 'ndjson']);
    expect(nd.code).toBe(0);
    const zh = await run(['xhs', 'feed', '美食', '--format', 'ndjson']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toBe(nd.stdout);
    const rows = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(rows[0])).toEqual([...NOTE_COLUMNS]);
    const table = await run(['xhs', 'feed', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^title\s+likes\s+author_name\s+category\s+published_at$/);
  });

  it('uses --token against a base URL and never prints the token', async () => {
    const ok = await run(['xhs', 'users', 'a', '--base-url', sandbox.url, '--format', 'json'], {
      JUSTONEAPI_TOKEN: 'tok-CLI-SECRET',
    });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toMatch(/sandbox/);
    expect(sandbox.stats.count({ token: 'tok-CLI-SECRET' })).toBe(1);
    const bad = await run(['xhs', 'users', 'a', '--base-url', sandbox.url, '--token', 'tok-WRONG-SECRET']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/code 100/);
    expect(bad.stderr).toMatch(/--token or the JUSTONEAPI_TOKEN environment variable/);
    expect(bad.stdout + bad.stderr).not.toContain('tok-WRONG-SECRET');
  });

  it('exits 2 on usage errors and bad input, sending nothing', async () => {
    const before = sandbox.stats.total();
    for (const args of [
      ['xhs', 'users'],
      ['xhs', 'users', ' '],
      ['xhs', 'feed', 'homefeed_fod_v3'],
      ['xhs', 'users', 'a', '--pages', '0'],
      ['xhs', 'users', 'a', '--format', 'xml'],
      ['nope'],
    ]) {
      const r = await run([...args, '--base-url', sandbox.url, '--token', 'tok-CLI-SECRET']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    expect(
      (await run(['xhs', 'feed', 'homefeed_fod_v3', '--base-url', sandbox.url, '--token', 'x'])).stderr,
    ).toMatch(/Did you mean "homefeed_food_v3"/);
    expect(sandbox.stats.total()).toBe(before);
  });

  it('exits 4 when the API cannot be reached', async () => {
    const closed = await startSandbox();
    await closed.close();
    const r = await run(['xhs', 'users', 'a', '--base-url', closed.url, '--token', 't', '--retries', '0']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Could not reach Just One API/);
  });

  it('lists the 41 feed ids without a request, and prints help', async () => {
    const r = await run(['xhs', 'feeds']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(43);
    expect(r.stdout).toMatch(/homefeed_food_v3\s+food\s+美食/);
    expect((await run(['--help'])).stdout).toMatch(/Usage:/);
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/Usage:/);
  });

  it('bad input fails before the embedded sandbox starts', async () => {
    const r = await run(['xhs', 'users', ' ']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/embedded sandbox/);
  });

  it('prints the pages already paid for when a later page fails, then the error (exit 3)', async () => {
    const r = await run([
      'xhs',
      'users',
      '咖啡',
      '--pages',
      '5',
      '--format',
      'csv',
      '--base-url',
      sandbox.url,
      '--token',
      'sandbox-every3-303',
    ]);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\r\n');
    const expected = [1, 2].flatMap((p) => (userSearchPage('咖啡', p) as { users: unknown[] }).users).length;
    expect(lines).toHaveLength(1 + expected); // header + pages 1 and 2
    expect(r.stderr).toMatch(/Partial output: 2 page\(s\)/);
    expect(r.stderr).toMatch(/code 303/);
    expect(sandbox.stats.count({ token: 'sandbox-every3-303' })).toBe(3);
  });

  it('tells the end of results from the page limit in its progress lines', async () => {
    const limited = await run([
      'xhs',
      'users',
      '咖啡',
      '--pages',
      '2',
      '--format',
      'json',
      '--base-url',
      sandbox.url,
      '--token',
      'tok-CLI-SECRET',
    ]);
    expect(limited.stderr).toMatch(/page 2: .*limit reached/);
    const all = await run([
      'xhs',
      'users',
      '咖啡',
      '--pages',
      '50',
      '--format',
      'json',
      '--base-url',
      sandbox.url,
      '--token',
      'tok-CLI-SECRET',
    ]);
    expect(all.stderr).toMatch(/end of results/);
    expect(all.stderr).not.toMatch(/limit reached/);
  });
});
