// The built `justoneapi` binary, spawned as a user runs it, against the sandbox over real HTTP.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteFeedPage, type Sandbox, startSandbox, userSearchPage } from '@justoneapi/sandbox';
import {
  documentedOperations,
  type DocumentedOperation,
  NOTE_COLUMNS,
  pagingParams,
  toNoteRecord,
  toUserRecord,
  USER_COLUMNS,
} from '@justoneapi/sdk/core';

import { opCommand, platforms } from '../src/catalog.js';

const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const TOKEN = 'tok-CLI-SECRET';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [TOKEN] });
});
afterAll(() => sandbox.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the test's own sandbox must keep answering while the CLI runs.
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { JUSTONEAPI_TOKEN: _drop, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...base, ...env }, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}
/** Against the test's sandbox with a real-looking token. */
const api = (args: string[], token = TOKEN) => run([...args, '--base-url', sandbox.url, '--token', token]);
const lines = (s: string) => s.trimEnd().split('\n');
const users = (keyword: string, page: number) =>
  (userSearchPage(keyword, page) as { users: unknown[] }).users;

describe('generic operations: justoneapi <platform> <operation> --param value', () => {
  it('calls any catalog operation by kebab-case name, method name or alias, platform by alias', async () => {
    const expected = users('咖啡', 1).map(toUserRecord);
    for (const args of [
      ['xiaohongshu', 'search-users', '--keyword', '咖啡'],
      ['rednote', 'searchUsers', '--keyword=咖啡'],
      ['小红书', 'search_users', '咖啡'], // a required parameter as a plain argument
      ['XHS', 'search-users', '--keyword', '咖啡', '--format', 'json'],
    ]) {
      const before = sandbox.stats.count({ token: TOKEN });
      const r = await api(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(expected);
      expect(sandbox.stats.count({ token: TOKEN })).toBe(before + 1);
    }
  });

  it('accepts enum labels and a paging parameter as the starting point, and pages with --pages', async () => {
    const r = await api(['xiaohongshu', 'get-note-feed', '--oid', '美食', '--page', '2', '--pages', '2']);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>[];
    const p2 = noteFeedPage('homefeed_food_v3', 2) as unknown[];
    expect(got.slice(0, p2.length)).toEqual(p2.map(toNoteRecord));
    const sent = sandbox.stats.requests.slice(-2).map((q) => q.query);
    expect(sent.map((q) => [q.oid, q.page])).toEqual([
      ['homefeed_food_v3', '2'],
      ['homefeed_food_v3', '3'],
    ]);
  });

  it('--max-items stops paging early', async () => {
    const before = sandbox.stats.count({ token: TOKEN });
    const r = await api([
      'xhs',
      'search-users',
      '咖啡',
      '--pages',
      '5',
      '--max-items',
      '25',
      '--format',
      'ndjson',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(25);
    expect(sandbox.stats.count({ token: TOKEN })).toBe(before + 2);
  });

  // Generic over the catalog: these run for every catalog that has such an operation (the two
  // Xiaohongshu ones are both paged GETs).
  const simpleValue = (p: DocumentedOperation['params'][number]) =>
    p.enum ? String(p.enum[0]!.value) : p.type === 'string' ? 'x' : p.type === 'boolean' ? 'true' : '1';
  const callable = (op: DocumentedOperation) =>
    op.params.filter((p) => p.required).flatMap((p) => [`--${p.name}`, simpleValue(p)]);
  const notPaged = documentedOperations.find((op) => !op.pagination && op.httpMethod === 'GET');
  const post = documentedOperations.find((op) => op.httpMethod === 'POST');
  for (const [what, op] of [
    ['an operation that is not paged', notPaged],
    ['a POST form operation', post],
  ] as const) {
    it.runIf(op)(`calls ${what} and prints flat rows`, async () => {
      const before = sandbox.stats.count({ token: TOKEN });
      const r = await api([op!.namespace, op!.method, ...callable(op!), '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
      expect(sandbox.stats.count({ token: TOKEN })).toBe(before + 1);
    });
  }
});

describe('help, list and describe', () => {
  it('--help per operation: the vendor description, parameters with type, default, values, paging', async () => {
    const r = await run(['xhs', 'get-note-feed', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Retrieves the Xiaohongshu notes feed stream');
    expect(r.stdout).toMatch(/--oid <value>\s+\(default homefeed_recommend\)/);
    expect(r.stdout).toMatch(/homefeed_food_v3 {2}food \/ 美食/);
    expect(r.stdout).toMatch(/--page <integer>\s+\(default 1, >= 1, paging: where to start\)/);
    expect(r.stdout).toMatch(/--pages N/);
    const users = await run(['xiaohongshu', 'search-users', '-h']);
    expect(users.stdout).toMatch(/--keyword <text>\s+\(required\)/);
    expect(users.stdout).toContain('Output columns: id, name, red_id');
    expect(r.stderr + users.stderr).toBe(''); // no sandbox for help
  });

  it('describe prints what --help does, and JSON for tools', async () => {
    const help = await run(['xhs', 'search-users', '--help']);
    const text = await run(['describe', 'rednote', 'searchUsers']);
    expect(text.stdout).toBe(help.stdout);
    expect((await run(['help', '小红书', 'search-users'])).stdout).toBe(help.stdout);
    const json = JSON.parse((await run(['describe', 'xhs', 'get-note-feed', '--format', 'json'])).stdout);
    const op = documentedOperations.find((o) => o.id === 'xiaohongshu.getNoteFeed')!;
    expect(json).toMatchObject({
      id: op.id,
      platform: 'xiaohongshu',
      operation: 'get-note-feed',
      paged: true,
      pagingParams: pagingParams(op),
      deprecated: false,
      hidden: false,
    });
    const oid = json.params.find((p: { name: string }) => p.name === 'oid');
    expect(oid.enum).toHaveLength(41);
    expect(oid.enum).toContainEqual({ value: 'homefeed_food_v3', label: { en: 'food', zh: '美食' } });
    expect(json).not.toHaveProperty('pagination');
  });

  it('list shows every operation that is not hidden, per platform too, as a table or JSON', async () => {
    const table = await run(['list', '--format', 'table']);
    expect(table.code).toBe(0);
    const shown = documentedOperations.filter((o) => !o.hidden);
    expect(lines(table.stdout)).toHaveLength(2 + shown.length);
    expect(table.stdout).toMatch(/xiaohongshu\s+search-users\s+User Search/);
    const json = JSON.parse((await run(['list', 'xhs'])).stdout);
    expect(json.map((r: { operation: string }) => r.operation)).toEqual(
      expect.arrayContaining(['search-users', 'get-note-feed']),
    );
    const all = JSON.parse((await run(['list', '--all'])).stdout);
    expect(all).toHaveLength(documentedOperations.length);
    expect((await run(['list', 'nope'])).code).toBe(2);
  });

  it('prints the global help, and usage on stderr with exit 2 when run bare', async () => {
    const h = await run(['--help']);
    expect(h.stdout).toMatch(/Usage:/);
    expect(h.stdout).toMatch(/\n {2}xiaohongshu +.*RedNote.*小红书.*XHS.*\(\d+ operations\)\n/);
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/Usage:/);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('bad input: exit 2, nothing sent', () => {
  it('rejects bad parameters, options and names before any request', async () => {
    const before = sandbox.stats.total();
    const cases: [string[], RegExp][] = [
      [['xhs', 'users'], /--keyword is required/],
      [['xhs', 'users', ' '], /^--keyword must not be empty\.\nNothing was sent\.\n/],
      [['xhs', 'feed', 'homefeed_fod_v3'], /Did you mean "homefeed_food_v3"/],
      [['xhs', 'get-note-feed', '--oid', 'nope-nope-nope'], /^--oid does not accept "nope-nope-nope"/],
      [['xhs', 'search-users', '--keyword', 'a', '--page', '0'], /^--page must be >= 1/],
      [['xhs', 'search-users', '--keyword', 'a', '--page', '1e1'], /page must be a whole number/],
      [['xhs', 'search-users', '--kewyord', 'a'], /Unknown option --kewyord.*--keyword/],
      [['xhs', 'search-users', '--keyword'], /--keyword needs a value/],
      [['xhs', 'search-users', 'a', 'b'], /Unexpected arguments: b/],
      [['xhs', 'users', 'a', '--pages', '0'], /--pages must be a whole number >= 1/],
      [['xhs', 'users', 'a', '--format', 'xml'], /--format must be one of/],
      [['xhs', 'users', 'a', '--raw', '--format', 'csv'], /--raw works with/],
      [['xhs', 'users', 'a', '--region', 'mars'], /--region must be global or cn/],
      [['xhs', 'serch-users'], /Did you mean "search-users"/],
      [['nope'], /Unknown platform "nope"/],
    ];
    for (const [args, message] of cases) {
      const r = await api(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(sandbox.stats.total()).toBe(before);
  });

  it('bad input fails before the embedded sandbox starts', async () => {
    const r = await run(['xhs', 'users', ' ']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/sandbox/);
  });

  it('an input the server refuses as too long (HTTP 431) is said plainly', async () => {
    const before = sandbox.stats.total();
    const r = await api(['xhs', 'users', 'a'.repeat(20_000), '--retries', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too long/i);
    expect(r.stderr).not.toMatch(/contact .*support|Error:|\n\s+at /);
    expect(sandbox.stats.total()).toBe(before); // refused before reaching any API route
  });

  it('a request the server refuses as too long (HTTP 414, code INPUT_TOO_LONG) is said plainly, exit 2', async () => {
    const r = await api(['xhs', 'users', 'a', '--retries', '0'], 'sandbox-uri414');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^The input is too long: the server refused the request \(HTTP 414\)\. Shorten/);
  });

  it('a refused parameter says nothing was sent, once', async () => {
    for (const args of [
      ['xhs', 'users', ' '],
      ['xhs', 'users', 'a'.repeat(3000)],
    ]) {
      const r = await api(args);
      expect(r.code).toBe(2);
      expect(r.stderr.match(/nothing was sent/gi)).toHaveLength(1);
    }
  });
});

describe('token, sandbox and base URL', () => {
  it('with no token, uses the embedded sandbox and says so on the first and the last line', async () => {
    const r = await run(['xhs', 'users', '咖啡', '--format', 'json', '--pages', '2', '--progress']);
    expect(r.code).toBe(0);
    const err = lines(r.stderr);
    expect(err[0]).toMatch(/^No token .*embedded sandbox.*nothing is billed/);
    expect(err.at(-1)).toMatch(/embedded sandbox: sample data, nothing billed/);
    expect(err.length).toBeGreaterThan(2); // progress lines in between
    expect(JSON.parse(r.stdout)).toEqual([...users('咖啡', 1), ...users('咖啡', 2)].map(toUserRecord));
  });

  it('an explicit --base-url or --region without a token is an error, not ignored', async () => {
    for (const args of [
      ['--base-url', 'notaurl'],
      ['--base-url', sandbox.url],
      ['--region', 'cn'],
    ]) {
      const r = await run(['xhs', 'users', '咖啡', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/needs a token/);
      expect(r.stderr).not.toMatch(/embedded sandbox at/);
      expect(r.stdout).toBe('');
    }
  });

  it('uses --token or JUSTONEAPI_TOKEN against a base URL and never prints the token', async () => {
    const ok = await run(['xhs', 'users', 'a', '--base-url', sandbox.url, '--format', 'json'], {
      JUSTONEAPI_TOKEN: TOKEN,
    });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toMatch(/sandbox/);
    const bad = await api(['xhs', 'users', 'a'], 'tok-WRONG-SECRET');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/code 100/);
    expect(bad.stderr).toMatch(/--token or the JUSTONEAPI_TOKEN environment variable/);
    expect(bad.stdout + bad.stderr).not.toContain('tok-WRONG-SECRET');
  });

  it('exits 4 when the API cannot be reached', async () => {
    const closed = await startSandbox();
    await closed.close();
    const r = await run(['xhs', 'users', 'a', '--base-url', closed.url, '--token', 't', '--retries', '0']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Could not reach Just One API/);
  });
});

const hasScript = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
})();

describe('output', () => {
  // util-linux `script` runs the CLI on a pseudo-terminal, as a user at a terminal would.
  it.runIf(hasScript)('on a terminal: a table by default, and progress lines', async () => {
    const out = await new Promise<string>((resolve) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${CLI} xhs users 咖啡 --pages 2`, '/dev/null'],
        { encoding: 'utf8', timeout: 30_000 },
        (_err, stdout) => resolve(stdout),
      );
    });
    const screen = out.split(/\r?\n/);
    expect(screen[0]).toMatch(/^No token .*embedded sandbox/);
    expect(out).toMatch(/page 2: 20 new users \(40 in all\)/);
    expect(out).toMatch(/\nname\s+red_id\s+followers\s+verified\s+id\r?\n/);
    expect(screen.filter(Boolean).at(-1)).toMatch(/nothing billed/);
  });

  it('is JSON when piped, a table or the chosen format otherwise', async () => {
    const piped = await api(['xhs', 'users', '咖啡']);
    expect(JSON.parse(piped.stdout)).toEqual(users('咖啡', 1).map(toUserRecord));
    const table = await api(['xhs', 'feed', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(lines(table.stdout)[0]).toMatch(/^title\s+likes\s+author_name\s+category\s+published_at$/);
  });

  it('prints CSV in the record columns, with progress on stderr only when asked or on a terminal', async () => {
    const r = await api(['xhs', 'users', '咖啡', '--pages', '2', '--format', 'csv', '--progress']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe([...USER_COLUMNS].join(','));
    expect(rows).toHaveLength(41);
    expect(r.stderr).toMatch(/page 1: 20 new users \(20 in all\)/);
    expect(r.stderr).toMatch(/page 2: 20 new users \(40 in all\), limit reached/);
    const quiet = await api(['xhs', 'users', '咖啡', '--pages', '2', '--format', 'csv']);
    expect(quiet.stdout).toBe(r.stdout);
    expect(quiet.stderr).toBe(''); // stderr is not a terminal here
    const all = await api(['xhs', 'users', '咖啡', '--pages', '50', '--progress']);
    expect(all.stderr).toMatch(/end of results/);
    expect(all.stderr).not.toMatch(/limit reached/);
  });

  it('pays for one repeated page at most when the API ignores paging, and says why it stopped', async () => {
    const op = documentedOperations.find(
      (o) =>
        o.pagination &&
        !o.pagination.id &&
        !o.pagination.hasMore &&
        o.pagination.state.every((s) => s.kind === 'page') &&
        !o.params.some((p) => p.required),
    )!;
    const platform = platforms().find((p) => p.operations.includes(op))!;
    const token = 'sandbox-repeat';
    const r = await api(
      [platform.command, opCommand(op), '--pages', '10', '--progress', '--format', 'json'],
      token,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(sandbox.stats.count({ token, path: op.path })).toBe(2);
    expect(JSON.parse(r.stdout)).toHaveLength(3); // the three items once, not ten times
    expect(r.stderr).toMatch(/page 2: 0 new .*nothing new/);
  });

  it('neutralises CSV text cells a spreadsheet would run as a formula', async () => {
    // Tabs and carriage returns cannot reach a name here (keywords are trimmed): format.test.ts has them.
    for (const keyword of ['=HYPERLINK("http://evil","x")', '+1', '-2', '@SUM(A1)']) {
      const r = await api(['xhs', 'users', keyword, '--format', 'csv']);
      expect(r.code, r.stderr).toBe(0);
      const names = users(keyword, 1).map((u) => toUserRecord(u).name as string);
      const risky = names.filter((n) => /^[=+\-@\t]/.test(n));
      expect(risky.length, keyword).toBeGreaterThan(0); // the sandbox puts the keyword first in some names
      const cells = r.stdout.split('\r\n').slice(1, -1);
      for (const name of risky) {
        const quoted = `'${name}`;
        const cell = /[",]/.test(quoted) ? `"${quoted.replace(/"/g, '""')}"` : quoted;
        expect(cells.some((line) => line.includes(`,${cell},`))).toBe(true);
      }
      for (const line of cells) for (const c of line.split(',')) expect(c).not.toMatch(/^"?[=+\-@\t]/);
    }
  });

  it('prints the feed as ndjson in the note columns, a feed label working as the feed id', async () => {
    const nd = await api(['xhs', 'feed', 'food', '--format', 'ndjson']);
    expect(nd.code).toBe(0);
    const zh = await api(['xhs', 'feed', '美食', '--format', 'ndjson']);
    expect(zh.stdout).toBe(nd.stdout);
    const rows = lines(nd.stdout).map((l) => JSON.parse(l));
    expect(Object.keys(rows[0])).toEqual([...NOTE_COLUMNS]);
  });

  it('lists the 41 feed ids without a request', async () => {
    const before = sandbox.stats.total();
    const r = await run(['xhs', 'feeds']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(43);
    expect(r.stdout).toMatch(/homefeed_food_v3\s+food\s+美食/);
    expect(r.stderr).toBe('');
    expect(sandbox.stats.total()).toBe(before);
  });

  it('prints the pages already paid for when a later page fails, then the error (exit 3)', async () => {
    const r = await api(['xhs', 'users', '咖啡', '--pages', '5', '--format', 'csv'], 'sandbox-every3-303');
    expect(r.code).toBe(3);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows).toHaveLength(1 + users('咖啡', 1).length + users('咖啡', 2).length);
    expect(r.stderr).toMatch(/Partial output: 2 page\(s\)/);
    expect(r.stderr).toMatch(/code 303/);
    expect(sandbox.stats.count({ token: 'sandbox-every3-303' })).toBe(3);
  });

  it('a closed stdout (| head -1) ends quietly with exit 0, and no further page is fetched', async () => {
    const token = 'tok-EPIPE';
    const local = await startSandbox({ tokens: [token] });
    try {
      for (const format of ['ndjson', 'json', 'csv', 'table']) {
        const { JUSTONEAPI_TOKEN: _drop, ...env } = process.env;
        const child = spawn(
          process.execPath,
          [CLI, 'xhs', 'users', '咖啡', '--pages', '5', '--format', format, '--base-url', local.url],
          { env: { ...env, JUSTONEAPI_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.destroy(); // the reader is gone before the CLI writes anything
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code, `${format}: ${stderr}`).toBe(0);
        expect(stderr, format).toBe('');
      }
      // ndjson streams page by page: its first write failed, so pages 2-5 were never bought.
      // json, csv and table print once at the end, after their 5 pages.
      expect(local.stats.count({ token })).toBe(1 + 5 * 3);
    } finally {
      await local.close();
    }
  });
});
