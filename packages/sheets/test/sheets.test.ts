import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noteFeedPage, userSearchPage } from '@justoneapi/sandbox';
import { NOTE_COLUMNS, USER_COLUMNS, toNoteRecord, toUserRecord } from '@justoneapi/sdk/core';
import { PUBLIC_FUNCTIONS } from '../scripts/public-functions.mjs';
import { createHarness, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const SECRET = 'tok-SHEETS-SECRET-2211';
let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startRemoteSandbox({ tokens: [SECRET], userPages: 3, feedPages: 3 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness();
  h.userProps.set('JUSTONEAPI_TOKEN', SECRET);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});

/** Uses a token, restarting its request count in the sandbox (magic tokens such as sandbox-302x1 count per token). */
async function useToken(token: string) {
  await sandbox.setScenario(token, undefined);
  h.userProps.set('JUSTONEAPI_TOKEN', token);
}

const row = (r: Record<string, unknown>, cols: readonly string[]) =>
  cols.map((c) => (r[c] === null ? '' : r[c]));
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
/** A table with its date cells (Date values of the bundle's realm) as ISO text, to compare with records. */
const iso = (table: unknown[][]) => table.map((r) => r.map((v) => (isDate(v) ? v.toISOString() : v)));
function cellError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a cell error');
}

const CUSTOM_FUNCTIONS = ['JUSTONEAPI', 'XHS_SEARCH_USERS', 'XHS_NOTE_FEED'];
const STOPPED_TEXT = 'not refreshed: time limit, run again';

describe('the bundle file', () => {
  const code = readFileSync(new URL('../dist/Code.js', import.meta.url), 'utf8');
  it('has no modules and declares every public function at top level with its JSDoc', () => {
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    // Every wrapper: a JSDoc block, then `function NAME(params) {` at the start of a line (top level).
    const wrappers = new Map(
      [...code.matchAll(/^\/\*\*\n((?: \*.*\n)+) \*\/\nfunction (\w+)\(([^)]*)\) \{$/gm)].map(
        ([, doc, name, params]) => [
          name!,
          {
            doc: doc!
              .trimEnd()
              .split('\n')
              .map((l) => l.replace(/^ \* ?/, '')),
            params: params!,
          },
        ],
      ),
    );
    const h = createHarness();
    // The list covers everything src/index.ts (custom functions, plus the loader of the menu bundle) and
    // src/menu-index.ts (the menu bundle) export, and nothing else.
    const others = PUBLIC_FUNCTIONS.map((f) => f.name).filter((n) => !CUSTOM_FUNCTIONS.includes(n));
    expect(Object.keys(h.context.JOA).sort()).toEqual([...CUSTOM_FUNCTIONS, 'menu'].sort());
    // …plus `rows`, not a public function: the code a formula with "columns" loads (src/rows-table.ts).
    expect(Object.keys(h.context.JOA.menu()).sort()).toEqual([...others, 'rows'].sort());
    // Custom functions with their JSDoc (Sheets shows it); menu handlers and triggers as one-line declarations.
    expect([...wrappers.keys()].sort()).toEqual([...CUSTOM_FUNCTIONS].sort());
    for (const f of PUBLIC_FUNCTIONS) {
      if (CUSTOM_FUNCTIONS.includes(f.name))
        expect(wrappers.get(f.name), f.name).toEqual({ doc: f.doc, params: f.params.join(', ') });
      else
        expect(code).toContain(
          `\nfunction ${f.name}(${f.params.join(',')}){return JOA.menu().${f.name}(${f.params.join(',')})}\n`,
        );
      // A global function declaration of that name (what Apps Script lists), not a variable holding one.
      expect(String(h.context[f.name]).startsWith(`function ${f.name}(`), f.name).toBe(true);
      expect(f.doc.includes('@customfunction'), f.name).toBe(CUSTOM_FUNCTIONS.includes(f.name));
    }
    expect(code.match(/@customfunction/g)).toHaveLength(CUSTOM_FUNCTIONS.length);
  });
  it('a formula evaluates none of the menu code; a menu item decodes it once and shares the catalog', () => {
    const code = readFileSync(new URL('../dist/Code.js', import.meta.url), 'utf8');
    // The menu's, refresh's and spend control's code is packed (gzip, base64), not source a formula parses.
    for (const text of ['Refresh finished', STOPPED_TEXT, 'Request caps', 'JUSTONEAPI_SEEN'])
      expect(code, text).not.toContain(text);
    const f = createHarness();
    f.userProps.set('JUSTONEAPI_TOKEN', SECRET);
    expect(cellError(() => f.call('XHS_NOTE_FEED', 'fod'))).toMatch(/feed_id/);
    expect(f.ungzips.count).toBe(1); // its platform's operations, and nothing else
    f.call('XHS_MENU_ESTIMATE'); // the menu bundle, once; the jobs' platform is the one already decoded
    expect(f.ungzips.count).toBe(2);
    expect(f.alerts.at(-1)).toMatch(/^Estimate requests \| The next refresh sends at most 2 requests/);
    f.call('XHS_MENU_ABOUT');
    expect(f.ungzips.count).toBe(2);
    expect(f.alerts.at(-1)).toContain('Your token: set.');
  });
  it('ships appsscript.json with V8 and narrow scopes', () => {
    const manifest = JSON.parse(readFileSync(new URL('../dist/appsscript.json', import.meta.url), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(manifest.oauthScopes.some((s: string) => /auth\/spreadsheets$|drive/.test(s))).toBe(false);
    // Triggers ("every day at about 6:00") run in this time zone: Beijing time for Chinese data.
    expect(manifest.timeZone).toBe('Asia/Shanghai');
  });
});

describe('custom functions', () => {
  it('XHS_SEARCH_USERS returns a header row and the record columns', async () => {
    const table = h.call('XHS_SEARCH_USERS', '咖啡');
    const users = userSearchPage('咖啡', 1, { userPages: 3 }).users;
    expect(table[0]).toEqual([...USER_COLUMNS]);
    expect(table.slice(1)).toEqual(users.map((u) => row(toUserRecord(u), USER_COLUMNS)));
    const reqs = await sandbox.requests();
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.query).toMatchObject({ keyword: '咖啡', page: '1' });
  });

  it('XHS_NOTE_FEED takes a feed label, a page and options', async () => {
    const table = h.call('XHS_NOTE_FEED', '美食', 2, 'noheader');
    // published_at is a date value (shown in the spreadsheet's time zone), not UTC text.
    expect(table.every((r: unknown[]) => isDate(r[NOTE_COLUMNS.indexOf('published_at')]))).toBe(true);
    expect(iso(table)).toEqual(
      (noteFeedPage('homefeed_food_v3', 2, { feedPages: 3 }) as unknown[]).map((n) =>
        row(toNoteRecord(n), NOTE_COLUMNS),
      ),
    );
    const raw = h.call('XHS_NOTE_FEED', '', '', 'raw');
    expect(raw[0]).toContain('images_list');
    expect(raw[0]).toContain('user.nickname');
    expect((await sandbox.requests()).map((r) => r.query.oid)).toEqual([
      'homefeed_food_v3',
      'homefeed_recommend',
    ]);
  });

  it('a recalculation is served from the cache with zero requests; the token is not in any key', async () => {
    const first = h.call('XHS_SEARCH_USERS', 'tea', 1);
    const again = h.call('XHS_SEARCH_USERS', ' tea ', '1');
    expect(again).toEqual(first);
    expect(await sandbox.requests()).toHaveLength(1);
    // Clear cache forgets it: the next recalculation fetches again.
    h.call('XHS_MENU_CLEAR_CACHE');
    h.call('XHS_SEARCH_USERS', 'tea', 1);
    expect(await sandbox.requests()).toHaveLength(2);
  });

  it('a cached formula in a new execution returns its table as it was (dates as dates) without decoding the catalog', async () => {
    const feed = h.call('XHS_NOTE_FEED', '美食', 2);
    const users = h.call('JUSTONEAPI', 'xiaohongshu.searchUsers', 'keyword', '咖啡');
    // Each recalculation is a new execution: Code.js evaluated afresh, over the same document cache.
    const next = createHarness({ cache: h.cache });
    next.userProps.set('JUSTONEAPI_TOKEN', SECRET);
    next.userProps.set('JUSTONEAPI_REGION', sandbox.url);
    const again = next.call('XHS_NOTE_FEED', '美食', 2);
    expect(iso(again)).toEqual(iso(feed));
    expect(again.slice(1).every((r: unknown[]) => isDate(r[NOTE_COLUMNS.indexOf('published_at')]))).toBe(
      true,
    );
    expect(next.call('JUSTONEAPI', 'xiaohongshu.searchUsers', 'keyword', '咖啡')).toEqual(users);
    expect(next.ungzips.count).toBe(0); // no platform's operations decoded
    expect(next.fetches).toHaveLength(0);
    // Another token's execution is not served this account's tables.
    next.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-latency1');
    next.call('XHS_NOTE_FEED', '美食', 2);
    expect(next.fetches).toHaveLength(1);
    expect(await sandbox.requests()).toHaveLength(3);
  });

  it('the cache key includes the base URL: another region fetches its own data; switching back hits the cache', async () => {
    const here = h.call('XHS_SEARCH_USERS', 'tea');
    h.userProps.set('JUSTONEAPI_REGION', sandbox.gatewayUrl);
    expect(h.call('XHS_SEARCH_USERS', 'tea')).toEqual(here); // the same sandbox behind it, but asked again
    expect(h.fetches).toHaveLength(2);
    expect(h.fetches[1]!.startsWith(sandbox.gatewayUrl)).toBe(true);
    h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
    expect(h.call('XHS_SEARCH_USERS', 'tea')).toEqual(here);
    expect(h.fetches).toHaveLength(2);
  });

  it('a failing cache write does not turn the paid answer into an error: it is logged, and the result returned', async () => {
    h.cacheFails.on = true;
    const table = h.call('XHS_SEARCH_USERS', 'tea');
    expect(table).toHaveLength(21);
    expect(h.logs).toHaveLength(1);
    expect(h.logs[0]).toMatch(
      /^Just One API cache: result not cached \(.*Service error: CacheService\); the next recalculation fetches again\.$/,
    );
    h.cacheFails.on = false;
    expect(h.call('XHS_SEARCH_USERS', 'tea')).toEqual(table); // not cached: fetched again, and cached now
    expect(h.call('XHS_SEARCH_USERS', 'tea')).toEqual(table);
    expect(await sandbox.requests()).toHaveLength(2);
  });

  it('a large Chinese result is cached in chunks of at most 100 KB of UTF-8 and read back whole', async () => {
    // 20 user names of 500 x "咖啡🦌" (10 bytes) ≈ 100 KB of UTF-8, though only about 40,000 characters.
    h.userProps.set('JUSTONEAPI_REGION', sandbox.inflateUrl);
    const keyword = '咖啡';
    const table = h.call('XHS_SEARCH_USERS', keyword);
    expect(table).toHaveLength(21);
    expect(Buffer.byteLength(JSON.stringify(table))).toBeGreaterThan(100_000);
    const chunks = [...h.cache].filter(([k]) => /:\d+$/.test(k)).map(([, v]) => v);
    expect(chunks.length).toBeGreaterThan(1);
    for (const v of chunks) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(100_000);
    expect(h.call('XHS_SEARCH_USERS', keyword)).toEqual(table);
    expect(await sandbox.requests()).toHaveLength(1);
    expect(h.logs).toEqual([]);
  });

  it.each([
    ['sandbox-303', /^Just One API code 303: daily quota exhausted\. Further requests fail until/],
    ['sandbox-100', /^Just One API code 100: invalid or inactive token/],
    ['sandbox-601', /^Just One API code 601: insufficient balance\. Top up/],
    ['sandbox-600', /^Just One API code 600: permission denied/],
    ['sandbox-400', /^Just One API code 400: invalid parameters/],
  ])('%s shows a cell error that says what to do, and is not cached', async (token, message) => {
    h.userProps.set('JUSTONEAPI_TOKEN', token);
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'x'))).toMatch(message);
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'x'))).toMatch(message);
    expect(await sandbox.requests()).toHaveLength(2);
  });

  it('retries a rate limit once with Utilities.sleep', async () => {
    await useToken('sandbox-302x1');
    expect(h.call('XHS_SEARCH_USERS', 'x')).toHaveLength(21);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(1500);
  });

  it('waits at most 3 s before its retry, even when Retry-After asks for 30 s', async () => {
    await useToken('sandbox-302x1');
    h.userProps.set('JUSTONEAPI_REGION', sandbox.gatewayUrl); // answers the 302 with HTTP 429 and Retry-After: 30
    expect(h.call('XHS_SEARCH_USERS', 'x')).toHaveLength(21);
    expect(h.sleeps).toEqual([3000]);
    expect(await sandbox.requests()).toHaveLength(2);
  });

  it('skips a retry that would end past 20 s, so the cell errors well within the 30 s limit', async () => {
    await useToken('sandbox-302x1');
    h.clock.perFetchMs = 19_000; // the first (rate-limited) answer took 19 s
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'x'))).toMatch(
      /^Just One API code 302: rate limit exceeded/,
    );
    expect(h.sleeps).toEqual([]);
    expect(await sandbox.requests()).toHaveLength(1);
  });

  it('code 301 is retried once; when it persists the cell says so, and nothing is cached', async () => {
    await useToken('sandbox-every2-301'); // every 2nd request of the token fails with 301
    expect(h.call('XHS_SEARCH_USERS', 'x')).toHaveLength(21);
    expect(h.call('XHS_SEARCH_USERS', 'y')).toHaveLength(21); // 2nd request: 301, the retry succeeds
    expect(h.sleeps).toHaveLength(1);
    await useToken('sandbox-301');
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'z'))).toMatch(
      /^Just One API code 301: data collection failed upstream/,
    );
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'z'))).toMatch(/^Just One API code 301: /);
    expect(h.sleeps).toHaveLength(3);
    expect((await sandbox.requests()).map((r) => r.query.keyword)).toEqual([
      'x',
      'y',
      'y',
      'z',
      'z',
      'z',
      'z',
    ]);
  });

  it.each([
    [['', 1], /keyword is required/],
    [['  ', 1], /keyword must not be empty/],
    [['a', 0], /page must be >= 1/],
    [['a', 1, 'sideways'], /Unknown option "sideways"/],
  ])('bad arguments %j error before any request', async (args, message) => {
    expect(cellError(() => h.call('XHS_SEARCH_USERS', ...(args as unknown[])))).toMatch(message);
    expect(cellError(() => h.call('XHS_NOTE_FEED', 'homefeed_fod_v3'))).toMatch(
      /Did you mean "homefeed_food_v3"/,
    );
    expect(await sandbox.requests()).toHaveLength(0);
  });

  it('without a token says how to set one', () => {
    h.userProps.delete('JUSTONEAPI_TOKEN');
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'a'))).toMatch(/Set token/);
    expect(h.fetches).toHaveLength(0);
  });
});

describe('menu', () => {
  it('onOpen adds the Just One API menu', () => {
    h.call('onOpen');
    expect(h.menu.map((m) => m.caption)).toEqual([
      'Set token…',
      'Remove my token',
      'Region…',
      'Refresh now',
      'Estimate requests',
      'Request caps…',
      'submenu',
      'Let refresh write to this sheet',
      'Operations reference',
      'Clear cache',
      'About',
    ]);
  });

  it('Set token stores it in user properties and never echoes it', () => {
    h.userProps.clear();
    h.prompts.push({ button: 'OK', text: '  tok-NEW-SECRET-9  ' });
    h.call('XHS_MENU_SET_TOKEN');
    expect(h.userProps.get('JUSTONEAPI_TOKEN')).toBe('tok-NEW-SECRET-9');
    expect(h.alerts.join()).not.toContain('tok-NEW-SECRET-9');
    h.prompts.push({ button: 'CANCEL', text: 'ignored' });
    h.call('XHS_MENU_SET_TOKEN');
    expect(h.userProps.get('JUSTONEAPI_TOKEN')).toBe('tok-NEW-SECRET-9');
    h.call('XHS_MENU_ABOUT');
    expect(h.alerts.at(-1)).toMatch(/Your token: set/);
    expect(h.alerts.join()).not.toContain('tok-NEW-SECRET-9');
  });

  it('Region accepts global, cn or a URL and rejects anything else', () => {
    h.prompts.push({ button: 'OK', text: 'cn' });
    h.call('XHS_MENU_REGION');
    expect(h.userProps.get('JUSTONEAPI_REGION')).toBe('cn');
    h.prompts.push({ button: 'OK', text: 'mars' });
    h.call('XHS_MENU_REGION');
    expect(h.userProps.get('JUSTONEAPI_REGION')).toBe('cn');
    expect(h.alerts.at(-1)).toMatch(/Region must be/);
  });

  it('schedules an hourly or daily refresh trigger and removes it', () => {
    h.call('XHS_MENU_SCHEDULE_HOURLY');
    expect(h.triggers.map((t) => [t.handler, t.every])).toEqual([['XHS_REFRESH_TRIGGER', 'hours:1']]);
    h.call('XHS_MENU_SCHEDULE_DAILY');
    expect(h.triggers.map((t) => [t.handler, t.every])).toEqual([['XHS_REFRESH_TRIGGER', 'days:1@6']]);
    h.call('XHS_MENU_UNSCHEDULE');
    expect(h.triggers).toEqual([]);
  });
});

describe('refresh jobs', () => {
  const config = () => h.sheets.get('Just One API')!;
  const status = (row: number) => String(config().cells[row - 1]![6]);
  it('creates the config sheet on first use and writes each job to its own sheet in one setValues', async () => {
    h.call('XHS_MENU_REFRESH');
    expect(config().cells[0]!.slice(0, 7)).toEqual([
      'operation',
      'keyword or feed id',
      'pages',
      'target sheet',
      'last run',
      'rows',
      'status',
    ]);
    const users = h.sheets.get('XHS users 咖啡')!;
    expect(users.setValuesCalls).toBe(1);
    expect(users.cells[0]).toEqual([...USER_COLUMNS, 'fetched_at', 'page']);
    expect(users.cells).toHaveLength(21);
    expect(iso(users.cells.slice(1, 2) as unknown[][])[0]!.slice(-2)).toEqual([
      '2026-11-24T08:00:00.000Z',
      1,
    ]);
    expect(h.sheets.get('XHS feed food')!.cells).toHaveLength(11);
    expect(iso([config().cells[1]!.slice(4, 7)])[0]).toEqual(['2026-11-24T08:00:00.000Z', 20, 'ok']);
    expect(h.alerts.at(-1)).toMatch(/XHS users 咖啡: 20 rows/);
  });

  it('pages several jobs in parallel rounds with fetchAll, de-duplicating the feed', async () => {
    h.call('XHS_MENU_REFRESH');
    await sandbox.reset();
    const sheet = config();
    sheet.getRange(2, 3, 2, 1).setValues([[3], [3]]);
    const fetchesBefore = h.fetches.length;
    h.call('XHS_MENU_REFRESH');
    expect(h.sheets.get('XHS users 咖啡')!.cells).toHaveLength(61);
    const feedRows = h.sheets.get('XHS feed food')!.cells.slice(1);
    expect(new Set(feedRows.map((r) => r[0])).size).toBe(feedRows.length);
    expect(feedRows.map((r) => r.at(-1))).toContain(3);
    expect(h.fetches.length - fetchesBefore).toBe(6);
    expect(h.fetchCalls.slice(-3).map((c) => [c.kind, c.urls])).toEqual([
      ['fetchAll', 2],
      ['fetchAll', 2],
      ['fetchAll', 2],
    ]);
    expect((await sandbox.requests()).length).toBe(6);
  });

  it('a failing job keeps its previous table and gets a status line; the others refresh', () => {
    h.call('XHS_MENU_REFRESH');
    const before = JSON.stringify(h.sheets.get('XHS feed food')!.cells);
    const sheet = config();
    sheet.getRange(3, 1, 1, 2).setValues([['xiaohongshu.getNoteFeed', 'homefeed_fod_v3']]);
    sheet.getRange(4, 1, 1, 4).setValues([['nonsense', 'x', 1, 'X']]);
    h.call('XHS_MENU_REFRESH');
    expect(JSON.stringify(h.sheets.get('XHS feed food')!.cells)).toBe(before);
    expect(status(3)).toMatch(/error: .*Did you mean "homefeed_food_v3".*previous table kept/);
    expect(status(4)).toMatch(/unknown operation "nonsense"/);
    expect(status(2)).toBe('ok');
  });

  it('retries 5xx between rounds; a job that still fails keeps its previous table', async () => {
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-every2-500');
    h.call('XHS_MENU_REFRESH');
    // every 2nd request of that token fails with 500: one job is retried and recovers, neither loses data
    expect([status(2), status(3)]).toEqual(['ok', 'ok']);
    expect(h.sleeps.length).toBeGreaterThan(0);
    const before = JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells);
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-303');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(/^error: Just One API code 303: daily quota exhausted.*previous table kept/);
    expect(JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells)).toBe(before);
  });

  it('a job that fails at page 2 after page 1 succeeded keeps its previous table and gets a status line', async () => {
    h.call('XHS_MENU_REFRESH');
    const before = JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells);
    const sheet = config();
    sheet.getRange(2, 3).setValues([[2]]); // the users job: 2 pages
    sheet.getRange(3, 1).setValues([['']]); // the feed job: off
    await sandbox.reset();
    await useToken('sandbox-every2-303'); // the 1st request succeeds, the 2nd gets 303
    h.call('XHS_MENU_REFRESH');
    expect((await sandbox.requests()).map((r) => r.query.page)).toEqual(['1', '2']);
    expect(status(2)).toMatch(
      /^error: Just One API code 303: daily quota exhausted.*\(previous table kept\)$/,
    );
    expect(config().cells[1]![5]).toBe('');
    expect(JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells)).toBe(before);
    expect(h.alerts.at(-1)).toMatch(/✗ XHS users 咖啡: Just One API code 303: daily quota exhausted/);
  });

  it('writes API text as plain text (no formulas, no numbers from ids), counts as numbers and dates as dates, in one setValues', () => {
    h.call('XHS_MENU_REFRESH');
    const sheet = config();
    // A user types '=_= (with the apostrophe) so that Sheets keeps it as text.
    sheet.getRange(2, 2, 1, 3).setValues([["'=_=", 1, 'XHS users =_=']]);
    h.call('XHS_MENU_REFRESH');
    const users = userSearchPage('=_=', 1, { userPages: 3 }).users.map(toUserRecord);
    expect(users.filter((u) => String(u.name).startsWith('=')).length).toBeGreaterThan(0); // formula-like names
    expect(users.every((u) => /^\d+$/.test(String(u.red_id)))).toBe(true); // number-like ids
    const table = h.sheets.get('XHS users =_=')!;
    expect(table.setValuesCalls).toBe(1);
    expect(table.cells.slice(1).map((r) => r.slice(0, USER_COLUMNS.length))).toEqual(
      users.map((u) => row(u, USER_COLUMNS)),
    );
    const header = table.cells[0] as string[];
    const format = (column: string) => new Set(table.formats.slice(1).map((r) => r[header.indexOf(column)]));
    for (const text of ['id', 'name', 'red_id', 'description', 'subtitle'])
      expect(format(text)).toEqual(new Set(['@']));
    for (const number of ['followers', 'verify_type', 'verified', 'page'])
      expect(format(number)).toEqual(new Set(['General']));
    expect(format('fetched_at')).toEqual(new Set(['yyyy-mm-dd hh:mm:ss']));
    expect(table.cells.slice(1).some((r) => typeof r[header.indexOf('followers')] === 'number')).toBe(true);
    expect(table.formats[0]!.every((f) => f === '@')).toBe(true);
  });

  it('the trigger refreshes without UI and logs a summary', () => {
    h.call('XHS_REFRESH_TRIGGER');
    expect(h.sheets.get('XHS users 咖啡')!.cells).toHaveLength(21);
    expect(h.logs.at(-1)).toMatch(/XHS users 咖啡: 20 rows/);
  });
});

describe('refresh within the 6-minute limit', () => {
  const config = () => h.sheets.get('Just One API')!;
  const status = (row: number) => String(config().cells[row - 1]![6]);
  const SIX_MINUTES = 6 * 60_000;
  const ENDINGS = /^(ok|error: .+|not refreshed: time limit, run again.*)$/;
  /** Every UrlFetch call must have been able to take its worst case (60 s) and still end within the budget. */
  const budgeted = (from: number, start: number, budget: number) =>
    h.fetchCalls.slice(from).every((c) => c.at + 60_000 <= start + budget);

  it('an API that never answers: every job ends with a status line, written before 6 minutes, and an alert', async () => {
    h.call('XHS_MENU_REFRESH');
    await useToken('sandbox-hang');
    h.http.timeoutMs = 200; // the fake gives up quickly; each request given up on "took" UrlFetch's 60 s
    const start = h.clock.now;
    const from = h.fetchCalls.length;
    h.call('XHS_MENU_REFRESH');
    expect(budgeted(from, start, SIX_MINUTES - 30_000)).toBe(true);
    const writes = [...h.sheets.values()].flatMap((s) => s.writtenAt).filter((t) => t >= start);
    expect(Math.max(...writes) - start).toBeLessThanOrEqual(SIX_MINUTES);
    for (const row of [2, 3]) {
      expect(status(row)).toMatch(ENDINGS);
      expect(status(row)).not.toBe('ok');
    }
    expect(h.alerts.at(-1)).toMatch(
      /XHS users 咖啡: (No answer from Just One API within 60 s|not refreshed)/,
    );
    // After the lost batch, each request was re-sent alone, never both again in one batch.
    const calls = h.fetchCalls.slice(from);
    expect(calls[0]).toMatchObject({ kind: 'fetchAll', urls: 2 });
    expect(calls.slice(1).every((c) => c.kind === 'fetch')).toBe(true);
  });

  it('counts a retry sleep together with the request after it: stops, marks the jobs, keeps the tables', async () => {
    h.call('XHS_MENU_REFRESH');
    const before = JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells);
    await useToken('sandbox-302'); // always rate-limited: retried after growing waits
    h.scriptProps.set('JUSTONEAPI_TIME_BUDGET_MS', '150000');
    h.clock.perFetchMs = 60_000; // every round takes UrlFetch's worst case
    const start = h.clock.now;
    const from = h.fetchCalls.length;
    h.call('XHS_MENU_REFRESH');
    // Round 1 ends at 60 s; wait ~2 s, round 2 ends at ~122 s; the next wait + round would end past 150 s.
    expect(h.sleeps).toHaveLength(1);
    expect(budgeted(from, start, 150_000)).toBe(true);
    expect(status(2)).toMatch(/^not refreshed: time limit, run again \(previous table kept/);
    expect(status(3)).toMatch(/^not refreshed: time limit, run again/);
    expect(JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells)).toBe(before);
    expect(h.alerts.at(-1)).toMatch(/XHS users 咖啡: not refreshed: time limit, run again/);
  });

  it('a scheduled run stopped at the time limit continues a minute later from the pages it already has', async () => {
    h.call('XHS_MENU_REFRESH');
    config()
      .getRange(2, 3, 2, 1)
      .setValues([[3], [3]]);
    await sandbox.reset();
    h.scriptProps.set('JUSTONEAPI_TIME_BUDGET_MS', '150000');
    h.clock.perFetchMs = 60_000;
    h.call('XHS_REFRESH_TRIGGER');
    expect(status(2)).toMatch(/^not refreshed: time limit, run again.*2 page\(s\)/);
    expect(h.triggers.map((t) => [t.handler, t.every])).toEqual([['XHS_CONTINUE_TRIGGER', 'after:60000']]);
    expect(h.logs.at(-1)).toMatch(/not refreshed: time limit/);
    expect((await sandbox.requests()).map((r) => r.query.page)).toEqual(['1', '1', '2', '2']);
    h.clock.perFetchMs = 0;
    h.call('XHS_CONTINUE_TRIGGER');
    // Only page 3 of each job is sent: pages 1 and 2 come from the stopped run.
    expect((await sandbox.requests()).slice(4).map((r) => r.query.page)).toEqual(['3', '3']);
    expect([status(2), status(3)]).toEqual(['ok', 'ok']);
    expect(h.sheets.get('XHS users 咖啡')!.cells).toHaveLength(61);
    expect(h.triggers).toEqual([]);
  });
});

describe("nothing of the user's is lost", () => {
  const config = () => h.sheets.get('Just One API')!;
  const status = (row: number) => String(config().cells[row - 1]![6]);
  it('a job whose target is the jobs sheet is refused with a status line; no job row is lost', async () => {
    h.call('XHS_MENU_REFRESH');
    config()
      .getRange(2, 4)
      .setValues([['Just One API']]);
    await sandbox.reset();
    h.call('XHS_MENU_REFRESH');
    expect(config().cells[1]!.slice(0, 4)).toEqual(['xiaohongshu.searchUsers', '咖啡', 1, 'Just One API']);
    expect(config().cells[2]![0]).toBe('xiaohongshu.getNoteFeed');
    expect(status(2)).toMatch(
      /^error: the target sheet "Just One API" is the jobs sheet itself.*Nothing was written/,
    );
    expect(status(3)).toBe('ok');
    expect((await sandbox.requests()).map((r) => r.path)).toEqual(['/api/xiaohongshu/get-note-feed/v1']);
  });

  it('a sheet the user made is never cleared, until the user marks it; one target per job', async () => {
    const mine = h.context.SpreadsheetApp.getActiveSpreadsheet().insertSheet('My notes');
    mine.getRange(1, 1, 2, 2).setValues([
      ['idea', 'owner'],
      ['coffee survey', 'me'],
    ]);
    h.call('XHS_MENU_REFRESH');
    config()
      .getRange(2, 4)
      .setValues([['My notes']]);
    config()
      .getRange(4, 1, 1, 4)
      .setValues([['user', 'tea', 1, 'XHS feed food']]);
    h.call('XHS_MENU_REFRESH');
    expect(h.sheets.get('My notes')!.cells).toEqual([
      ['idea', 'owner'],
      ['coffee survey', 'me'],
    ]);
    expect(status(2)).toMatch(
      /^error: the target sheet "My notes" was not created by Just One API.*Let refresh write to this sheet\. Nothing was written or cleared/,
    );
    expect(status(4)).toMatch(/^error: row 3 already writes to "XHS feed food"/);
    // The user marks it: refresh may now write there.
    h.book.active = 'My notes';
    h.call('XHS_MENU_MARK_TARGET');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok');
    expect(h.sheets.get('My notes')!.cells[0]).toEqual([...USER_COLUMNS, 'fetched_at', 'page']);
    // The jobs sheet itself cannot be marked.
    h.book.active = 'Just One API';
    h.call('XHS_MENU_MARK_TARGET');
    expect(h.alerts.at(-1)).toMatch(/cannot be a target/);
  });
});

describe('shared spreadsheets and the token', () => {
  it("an editor's formula without the owner's token says formulas use the owner's token", () => {
    h.userProps.delete('JUSTONEAPI_TOKEN');
    const error = cellError(() => h.call('XHS_SEARCH_USERS', 'a'));
    expect(error).toMatch(/spreadsheet owner's token/);
    expect(error).toMatch(/ask the owner to set it/);
    expect(h.fetches).toHaveLength(0);
  });

  it('Set token… says what the token is for, saves it without creating sheets; Remove my token removes it', () => {
    h.userProps.clear();
    h.prompts.push({ button: 'OK', text: 'tok-EDITOR-5521' });
    h.call('XHS_MENU_SET_TOKEN');
    expect(h.userProps.get('JUSTONEAPI_TOKEN')).toBe('tok-EDITOR-5521');
    expect(h.alerts.at(-1)).toMatch(
      /spreadsheet owner's token; an editor's token serves only the refreshes and schedules that editor runs/,
    );
    expect(h.sheets.size).toBe(0);
    h.call('XHS_MENU_REMOVE_TOKEN');
    expect(h.userProps.has('JUSTONEAPI_TOKEN')).toBe(false);
    expect(h.alerts.at(-1)).toMatch(/removed/);
    expect(h.alerts.join()).not.toContain('tok-EDITOR-5521');
  });

  it("one account's cached results are not served to another; the cache holds a hash, never the token", async () => {
    const users = h.call('XHS_SEARCH_USERS', 'a');
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-latency0'); // another account
    expect(h.call('XHS_SEARCH_USERS', 'a')).toEqual(users);
    expect(await sandbox.requests()).toHaveLength(2); // fetched again with the other token
    h.userProps.set('JUSTONEAPI_TOKEN', SECRET);
    h.call('XHS_SEARCH_USERS', 'a');
    expect(await sandbox.requests()).toHaveLength(2); // its own entry, still cached
    expect(JSON.stringify([...h.cache])).not.toContain(SECRET);
  });

  it('appears in no cell, alert, log, cache key or value', () => {
    h.call('XHS_MENU_REFRESH');
    h.call('XHS_SEARCH_USERS', 'a');
    h.call('XHS_NOTE_FEED', 'food', 2, 'raw');
    expect(h.cache.size).toBeGreaterThan(0);
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-303');
    cellError(() => h.call('XHS_SEARCH_USERS', 'b'));
    h.call('XHS_REFRESH_TRIGGER');
    const everything = JSON.stringify([
      [...h.sheets.values()].map((s) => s.cells),
      h.alerts,
      h.logs,
      [...h.cache],
    ]);
    for (const token of [SECRET, 'sandbox-303']) expect(everything).not.toContain(token);
  });

  it('a wrong token that the API echoes back is masked in the cell error, status lines, alerts and logs', async () => {
    const wrong = 'tok-WRONG-8830-echoed';
    h.userProps.set('JUSTONEAPI_TOKEN', wrong);
    const error = cellError(() => h.call('XHS_SEARCH_USERS', 'a'));
    expect(error).toMatch(/^Just One API code 100: invalid or inactive token/);
    expect(error).toContain('API said: "Invalid or inactive token: ***"'); // the sandbox did echo it
    h.call('XHS_REFRESH_TRIGGER');
    h.call('XHS_MENU_REFRESH');
    expect(String(h.sheets.get('Just One API')!.cells[1]![6])).toMatch(
      /^error: Just One API code 100: .*Invalid or inactive token: \*\*\*/,
    );
    expect(h.logs.length).toBeGreaterThan(0);
    const everything = JSON.stringify([
      error,
      [...h.sheets.values()].map((s) => s.cells),
      h.alerts,
      h.logs,
      [...h.cache],
    ]);
    expect(everything).not.toContain(wrong);
    expect((await sandbox.requests()).every((r) => r.token === wrong)).toBe(true);
  });
});

describe('errors people can act on', () => {
  it('name the argument as the README does, with no internal prefix, and say nothing was sent', async () => {
    const error = cellError(() => h.call('XHS_NOTE_FEED', 'fod'));
    expect(error).toMatch(
      /^XHS_NOTE_FEED: feed_id does not accept "fod"\. Did you mean "homefeed_food_v3"\?/,
    );
    expect(error).toMatch(/Nothing was sent or billed\.$/);
    expect(error).not.toMatch(/XHS validation|xiaohongshu\.getNoteFeed|\boid\b/);
    expect(cellError(() => h.call('XHS_SEARCH_USERS', ''))).toBe(
      'XHS_SEARCH_USERS: keyword is required. Nothing was sent or billed.',
    );
    expect(await sandbox.requests()).toHaveLength(0);
  });

  it('add a Chinese line where the spreadsheet locale is Chinese: cells and status lines', () => {
    h.book.locale = 'zh_CN';
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-303');
    const error = cellError(() => h.call('XHS_SEARCH_USERS', 'a'));
    expect(error).toMatch(/^Just One API code 303: daily quota exhausted.* \/ 错误码 303：今日配额已用完/);
    expect(cellError(() => h.call('XHS_NOTE_FEED', 'fod'))).toMatch(
      /feed_id.* \/ 输入有误（未发送请求，未计费）$/,
    );
    h.call('XHS_MENU_REFRESH');
    expect(String(h.sheets.get('Just One API')!.cells[1]![6])).toMatch(
      /^error: Just One API code 303: .*今日配额已用完/,
    );
    h.userProps.delete('JUSTONEAPI_TOKEN');
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'a'))).toMatch(/公式使用表格所有者的令牌/);
  });
});

describe('quotas', () => {
  it('a refresh reports the UrlFetch calls it used, and today’s total', () => {
    h.call('XHS_MENU_REFRESH');
    expect(h.alerts.at(-1)).toMatch(/UrlFetch calls: 2 in this refresh; 2 today/);
    h.call('XHS_MENU_REFRESH');
    expect(h.alerts.at(-1)).toMatch(/UrlFetch calls: 2 in this refresh; 4 today .*20,000 a day/);
  });

  it('refuses a schedule whose jobs could use more than the configured share of the daily quota', () => {
    h.call('XHS_MENU_REFRESH');
    h.sheets
      .get('Just One API')!
      .getRange(2, 3, 2, 1)
      .setValues([[50], [50]]);
    h.scriptProps.set('JUSTONEAPI_URLFETCH_SHARE', '0.25'); // 5,000 of 20,000
    h.call('XHS_MENU_SCHEDULE_HOURLY'); // 100 pages x 3 attempts x 24 runs = 7,200
    expect(h.triggers).toEqual([]);
    expect(h.alerts.at(-1)).toMatch(/^Not scheduled: .*7,200 UrlFetch calls a day.*5,000 allowed \(25 %/);
    h.call('XHS_MENU_SCHEDULE_DAILY'); // 300
    expect(h.triggers.map((t) => t.every)).toEqual(['days:1@6']);
  });
});

describe('every operation: =JUSTONEAPI, jobs with parameters, the Operations reference', () => {
  it('=JUSTONEAPI takes name, value pairs and gives what the named function gives, from the same cache', async () => {
    const generic = h.call('JUSTONEAPI', 'xiaohongshu.searchUsers', 'keyword', '咖啡', 'page', 2);
    expect(generic).toEqual(h.call('XHS_SEARCH_USERS', '咖啡', 2));
    expect(generic[0]).toEqual([...USER_COLUMNS]);
    expect(await sandbox.requests()).toHaveLength(1);
  });

  it('=JUSTONEAPI takes a two-column parameter range, labels for enum values, and options', async () => {
    const range = [
      ['oid', '美食'],
      ['page', 2],
      ['', ''],
    ];
    const table = h.call('JUSTONEAPI', 'xiaohongshu.getNoteFeed', range, 'options', 'noheader');
    expect(table).toEqual(h.call('XHS_NOTE_FEED', 'food', 2, 'noheader'));
    expect((await sandbox.requests()).map((r) => r.query.oid)).toEqual(['homefeed_food_v3']);
  });

  it('"pages" fetches several pages in one formula without the items the feed repeats; separate page formulas keep them', async () => {
    const all = h.call(
      'JUSTONEAPI',
      'xiaohongshu.getNoteFeed',
      'oid',
      'food',
      'pages',
      3,
      'options',
      'noheader',
    );
    const ids = all.map((r: unknown[]) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
    const pages = [1, 2, 3].map(
      (p) => noteFeedPage('homefeed_food_v3', p, { feedPages: 3 }) as Array<{ id: string }>,
    );
    expect(ids).toEqual([...new Set(pages.flat().map((n) => n.id))]);
    expect((await sandbox.requests()).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    // Page formulas of their own: served from the same cache, and page 2 repeats items of page 1.
    const one = h.call('XHS_NOTE_FEED', 'food', 1, 'noheader').map((r: unknown[]) => r[0]);
    const two = h.call('XHS_NOTE_FEED', 'food', 2, 'noheader').map((r: unknown[]) => r[0]);
    expect(two.filter((id: unknown) => one.includes(id)).length).toBeGreaterThan(0);
    expect(await sandbox.requests()).toHaveLength(3);
  });

  it.each([
    [
      ['xiaohongshu.serchUsers', 'keyword', 'a'],
      /^JUSTONEAPI: Unknown operation "xiaohongshu.serchUsers"\. Did you mean "xiaohongshu.searchUsers"\?.*Operations reference/,
    ],
    [
      ['xiaohongshu.searchUsers', 'keywrd', 'a'],
      /^JUSTONEAPI: keywrd is not a parameter of this operation\. Did you mean "keyword"\?/,
    ],
    [
      ['xiaohongshu.searchUsers', 'keyword'],
      /^JUSTONEAPI: Parameters come in name, value pairs; "keyword" has no value/,
    ],
    [
      ['xiaohongshu.searchUsers', 'keyword', 'a', 'pages', 11],
      /^JUSTONEAPI: pages must be a whole number from 1 to 10/,
    ],
    [['xiaohongshu.searchUsers', [['keyword']]], /^JUSTONEAPI: A parameter range must have two columns/],
  ])('=JUSTONEAPI(%j) errors before any request', async (args, message) => {
    const error = cellError(() => h.call('JUSTONEAPI', ...(args as unknown[])));
    expect(error).toMatch(message);
    expect(error).toMatch(/Nothing was sent or billed\.$/);
    expect(await sandbox.requests()).toHaveLength(0);
  });

  it('a job takes further parameters in its "parameters" column (name=value; … or JSON)', async () => {
    h.call('XHS_MENU_REFRESH');
    const config = h.sheets.get('Just One API')!;
    expect(config.cells[0]![7]).toBe('parameters');
    config.getRange(2, 1, 2, 8).setValues([
      ['xiaohongshu.searchUsers', '', 1, 'Tea users', '', '', '', 'keyword=tea; page=2'],
      ['xiaohongshu.getNoteFeed', '', 2, 'Pets', '', '', '', '{"oid": "宠物"}'],
    ]);
    config
      .getRange(4, 1, 1, 8)
      .setValues([['xiaohongshu.searchUsers', 'x', 1, 'Bad', '', '', '', 'keyword']]);
    await sandbox.reset();
    h.call('XHS_MENU_REFRESH');
    expect((await sandbox.requests()).map((r) => [r.query.keyword ?? r.query.oid, r.query.page])).toEqual([
      ['tea', '2'],
      ['homefeed_pets_v3', '1'],
      ['homefeed_pets_v3', '2'],
    ]);
    expect(h.sheets.get('Tea users')!.cells).toHaveLength(21);
    expect(String(config.cells[3]![6])).toMatch(/^error: parameters: "keyword" is not name=value/);
  });

  it('Operations reference lists every operation with its parameters, enum values and Chinese labels', () => {
    h.call('XHS_MENU_OPERATIONS');
    const sheet = h.sheets.get('Just One API operations')!;
    expect(sheet.cells[0]).toEqual([
      'platform',
      '平台',
      'operation',
      'summary',
      '摘要',
      'version',
      'status',
      'pages',
      'parameters',
      'example formula',
      "vendor's notes",
    ]);
    const rows = new Map(sheet.cells.slice(1).map((r) => [r[2], r as string[]]));
    expect([...rows.keys()]).toEqual(
      expect.arrayContaining(['xiaohongshu.getNoteFeed', 'xiaohongshu.searchUsers']),
    );
    const feed = rows.get('xiaohongshu.getNoteFeed')!;
    expect(feed.slice(0, 2)).toEqual(['Xiaohongshu (RedNote)', '小红书']);
    expect(feed[8]).toMatch(
      /^oid \(text, default homefeed_recommend\): Feed stream identifier\. \/ 信息流标识符。 Values: .*homefeed_food_v3 \(food \/ 美食\)/,
    );
    expect(rows.get('xiaohongshu.searchUsers')![9]).toBe(
      '=JUSTONEAPI("xiaohongshu.searchUsers", "keyword", "…")',
    );
    expect(sheet.formats.flat().every((f) => f === '@')).toBe(true); // the examples stay text
    // A sheet of that name that is the user's is left alone.
    h.sheets.delete('Just One API operations');
    h.context.SpreadsheetApp.getActiveSpreadsheet()
      .insertSheet('Just One API operations')
      .getRange(1, 1)
      .setValues([['mine']]);
    h.call('XHS_MENU_OPERATIONS');
    expect(h.sheets.get('Just One API operations')!.cells).toEqual([['mine']]);
    expect(h.alerts.at(-1)).toMatch(/is a sheet of yours: rename it/);
  });
});
