import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noteFeedPage, userSearchPage } from '@justoneapi/sandbox';
import { NOTE_COLUMNS, USER_COLUMNS, toNoteRecord, toUserRecord } from '@justoneapi/sdk/core';
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

const row = (r: Record<string, unknown>, cols: readonly string[]) => cols.map((c) => (r[c] === null ? '' : r[c]));
function cellError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a cell error');
}

describe('the bundle file', () => {
  const code = readFileSync(new URL('../dist/Code.js', import.meta.url), 'utf8');
  it('has no modules and declares every public function at top level with its JSDoc', () => {
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    for (const name of ['XHS_SEARCH_USERS', 'XHS_NOTE_FEED', 'onOpen', 'XHS_MENU_SET_TOKEN', 'XHS_MENU_REFRESH', 'XHS_REFRESH_TRIGGER']) {
      expect(code).toMatch(new RegExp(`\\*/\\nfunction ${name}\\(`));
    }
    expect(code.match(/@customfunction/g)).toHaveLength(2);
    expect(code).toMatch(/@customfunction\n \*\/\nfunction XHS_SEARCH_USERS\(keyword, page, options\)/);
  });
  it('ships appsscript.json with V8 and narrow scopes', () => {
    const manifest = JSON.parse(readFileSync(new URL('../dist/appsscript.json', import.meta.url), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(manifest.oauthScopes.some((s: string) => /auth\/spreadsheets$|drive/.test(s))).toBe(false);
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
    expect(table).toEqual((noteFeedPage('homefeed_food_v3', 2, { feedPages: 3 }) as unknown[]).map((n) => row(toNoteRecord(n), NOTE_COLUMNS)));
    const raw = h.call('XHS_NOTE_FEED', '', '', 'raw');
    expect(raw[0]).toContain('images_list');
    expect(raw[0]).toContain('user.nickname');
    expect((await sandbox.requests()).map((r) => r.query.oid)).toEqual(['homefeed_food_v3', 'homefeed_recommend']);
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

  it.each([
    ['sandbox-303', /^XHS 303: daily quota exhausted/],
    ['sandbox-100', /^XHS 100: invalid or inactive token/],
    ['sandbox-601', /^XHS 601: insufficient balance/],
    ['sandbox-600', /^XHS 600: permission denied/],
    ['sandbox-400', /^XHS 400: invalid parameters/],
  ])('%s shows a cell error that says what to do, and is not cached', async (token, message) => {
    h.userProps.set('JUSTONEAPI_TOKEN', token);
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'x'))).toMatch(message);
    expect(cellError(() => h.call('XHS_SEARCH_USERS', 'x'))).toMatch(message);
    expect(await sandbox.requests()).toHaveLength(2);
  });

  it('retries a rate limit once with Utilities.sleep', async () => {
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-302x1');
    expect(h.call('XHS_SEARCH_USERS', 'x')).toHaveLength(21);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(1500);
  });

  it.each([
    [['', 1], /keyword is required/],
    [['  ', 1], /keyword must not be empty/],
    [['a', 0], /page must be >= 1/],
    [['a', 1, 'sideways'], /Unknown option "sideways"/],
  ])('bad arguments %j error before any request', async (args, message) => {
    expect(cellError(() => h.call('XHS_SEARCH_USERS', ...(args as unknown[])))).toMatch(message);
    expect(cellError(() => h.call('XHS_NOTE_FEED', 'homefeed_fod_v3'))).toMatch(/Did you mean "homefeed_food_v3"/);
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
    expect(h.menu.map((m) => m.caption)).toEqual(['Set token…', 'Region…', 'Refresh now', 'submenu', 'Clear cache', 'About']);
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
    expect(h.alerts.at(-1)).toMatch(/Token: set/);
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
  it('creates the config sheet on first use and writes each job to its own sheet in one setValues', async () => {
    h.call('XHS_MENU_REFRESH');
    expect(config().cells[0]).toEqual(['operation', 'keyword or feed id', 'pages', 'target sheet', 'last run', 'rows', 'status']);
    const users = h.sheets.get('XHS users 咖啡')!;
    expect(users.setValuesCalls).toBe(1);
    expect(users.cells[0]).toEqual([...USER_COLUMNS, 'fetched_at', 'page']);
    expect(users.cells).toHaveLength(21);
    expect(users.cells[1]!.slice(-2)).toEqual(['2026-11-24T08:00:00.000Z', 1]);
    expect(h.sheets.get('XHS feed food')!.cells).toHaveLength(11);
    expect(config().cells[1]!.slice(4)).toEqual(['2026-11-24T08:00:00.000Z', 20, 'ok']);
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
    expect(String(config().cells[2]![6])).toMatch(/error: .*Did you mean "homefeed_food_v3".*previous table kept/);
    expect(String(config().cells[3]![6])).toMatch(/Unknown operation "nonsense"/);
    expect(config().cells[1]![6]).toBe('ok');
  });

  it('retries 5xx between rounds; a job that still fails keeps its previous table', async () => {
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-every2-500');
    h.call('XHS_MENU_REFRESH');
    // every 2nd request of that token fails with 500: one job is retried and recovers, neither loses data
    const statuses = [config().cells[1]![6], config().cells[2]![6]];
    expect(statuses).toEqual(['ok', 'ok']);
    expect(h.sleeps.length).toBeGreaterThan(0);
    const before = JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells);
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-303');
    h.call('XHS_MENU_REFRESH');
    expect(String(config().cells[1]![6])).toMatch(/XHS 303: daily quota exhausted.*previous table kept/);
    expect(JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells)).toBe(before);
  });

  it('stops cleanly at the time limit and reports what was left', () => {
    h.call('XHS_MENU_REFRESH');
    const sheet = config();
    sheet.getRange(2, 3, 2, 1).setValues([[3], [3]]);
    const before = JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells);
    h.scriptProps.set('JUSTONEAPI_TIME_BUDGET_MS', '90000');
    h.clock.perFetchMs = 60_000; // each round of requests "takes" a minute
    h.call('XHS_MENU_REFRESH');
    expect(String(config().cells[1]![6])).toMatch(/not refreshed: stopped at the time limit after 2 page\(s\)/);
    expect(JSON.stringify(h.sheets.get('XHS users 咖啡')!.cells)).toBe(before);
    expect(h.alerts.at(-1)).toMatch(/not refreshed \(time limit\)/);
  });

  it('the trigger refreshes without UI and logs a summary', () => {
    h.call('XHS_REFRESH_TRIGGER');
    expect(h.sheets.get('XHS users 咖啡')!.cells).toHaveLength(21);
    expect(h.logs.at(-1)).toMatch(/XHS users 咖啡: 20 rows/);
  });
});

describe('the token', () => {
  it('appears in no cell, alert, log, cache key or value', () => {
    h.call('XHS_MENU_REFRESH');
    h.call('XHS_SEARCH_USERS', 'a');
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-303');
    try { h.call('XHS_SEARCH_USERS', 'b'); } catch { /* cell error */ }
    h.call('XHS_REFRESH_TRIGGER');
    const everything = JSON.stringify([[...h.sheets.values()].map((s) => s.cells), h.alerts, h.logs]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('sandbox-303');
  });
});
