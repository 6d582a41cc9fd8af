// Spend control in Sheets: the usage of each job, request caps per refresh and per day, Estimate
// requests (a dry run), "append new" jobs and resuming an interrupted multi-page job. Built Code.js in
// the Apps Script-like harness, over real HTTP to the sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FakeSheet, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const SECRET = 'tok-SHEETS-SPEND-7731';
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

const HEADER = [
  'operation',
  'keyword or feed id',
  'pages',
  'target sheet',
  'last run',
  'rows',
  'status',
  'parameters',
  'mode',
  'item id field',
  'usage',
];
const config = () => h.sheets.get('Just One API')!;
const status = (row: number) => String(config().cells[row - 1]![6]);
const usage = (row: number) => String(config().cells[row - 1]![10]);
const rowsCell = (row: number) => config().cells[row - 1]![5];

/** A jobs sheet with these rows (operation, value, pages, target, mode, item id field). */
function setJobs(jobs: Array<[string, string, number, string, string?, string?]>) {
  const sheet = new FakeSheet('Just One API', h.clock);
  sheet.addDeveloperMetadata('justoneapi:jobs');
  sheet.getRange(1, 1, 1, HEADER.length).setValues([HEADER]);
  jobs.forEach(([op, value, pages, target, mode = '', idField = ''], i) =>
    sheet
      .getRange(i + 2, 1, 1, HEADER.length)
      .setValues([[op, value, pages, target, '', '', '', '', mode, idField, '']]),
  );
  h.sheets.set('Just One API', sheet);
}

/** Uses a token, restarting its request count in the sandbox (magic tokens count per token). */
async function useToken(token: string) {
  await sandbox.setScenario(token, undefined);
  h.userProps.set('JUSTONEAPI_TOKEN', token);
}

function setCaps(text: string) {
  h.prompts.push({ button: 'OK', text });
  h.call('XHS_MENU_CAPS');
}

/** The sandbox's requests: [path's last part, page] of each, and of those answered with code 0. */
async function sent() {
  const all = await sandbox.requests();
  return {
    all: all.map((r) => r.query.page),
    ok: all.filter((r) => r.code === 0).map((r) => `${r.query.keyword ?? r.query.oid}:${r.query.page}`),
  };
}

const column = (sheet: FakeSheet, name: string) => {
  const at = (sheet.cells[0] as string[]).indexOf(name);
  return sheet.cells.slice(1).map((r) => r[at]);
};

describe('append new (only new rows)', () => {
  it('across repeated refreshes no row is appended twice, and the rows the user had are never lost', async () => {
    // douyin.searchVideoV4 documents no item id: the job names the field (data.aweme_info.aweme_id).
    setJobs([['douyin.searchVideoV4', '咖啡', 1, 'DY coffee', 'append new', 'data.aweme_info.aweme_id']]);
    h.call('XHS_MENU_REFRESH');
    const sheet = h.sheets.get('DY coffee')!;
    expect(sheet.cells).toHaveLength(6);
    expect(sheet.cells[0]).toContain('item_id');
    expect(status(2)).toBe('ok (5 new rows appended)');
    expect(rowsCell(2)).toBe(5);
    expect(usage(2)).toBe('1 request (1 ok), 1 page, 5 items');
    // The user edits a row, adds a column of their own and a row of their own.
    const width = sheet.cells[0]!.length;
    sheet.getRange(1, width + 1).setValues([['my notes']]);
    sheet.getRange(2, width + 1).setValues([['call back']]);
    sheet.getRange(7, 1).setValues([['my own row']]);
    const mine = JSON.stringify(sheet.cells.slice(0, 7));

    config()
      .getRange(2, 3)
      .setValues([[3]]);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok (10 new rows appended)');
    expect(usage(2)).toBe('3 requests (3 ok), 3 pages, 10 items, 5 already seen');
    expect(JSON.stringify(sheet.cells.slice(0, 7))).toBe(mine);
    expect(sheet.cells[0]!.at(-1)).toBe('my notes');
    expect(sheet.cells).toHaveLength(17);

    // Again: nothing new. Then the user deletes a fetched row: it is not appended again either.
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok (0 new rows appended)');
    const deleted = sheet.cells.splice(9, 1)[0]!;
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok (0 new rows appended)');
    const ids = column(sheet, 'item_id').filter(Boolean);
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
    expect(ids).not.toContain(deleted[(sheet.cells[0] as string[]).indexOf('item_id')]);
    expect(JSON.stringify(sheet.cells.slice(0, 7))).toBe(mine);
    expect(sheet.cells.filter((r) => r[0] === 'my own row')).toHaveLength(1);
    // 1 + 3 + 3 + 3 requests, each answered once: the sheet's ids, not re-sent pages, keep rows unique.
    expect((await sent()).all).toHaveLength(10);
  });

  it('an operation without a documented id needs the item id field; a wrong field is a clear status error', async () => {
    setJobs([
      ['douyin.searchVideoV4', '咖啡', 2, 'DY none', 'append new', ''],
      ['douyin.searchVideoV4', '茶', 2, 'DY wrong', 'append new', 'nosuch'],
      ['douyin.searchVideoV4', '水', 1, 'DY mode', 'sometimes', ''],
    ]);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(
      /^error: douyin\.searchVideoV4: "only new" needs an item id.*"Item ID Field".*"id"\..*Nothing was sent/,
    );
    expect(status(3)).toMatch(
      /^error: item id field: no item has the id field "nosuch"\. The items' fields: .*\bdata\b.*Fix the "item id field" column/,
    );
    expect(status(4)).toMatch(/^error: mode must be "replace" \(or blank\) or "append new", got "sometimes"/);
    // Only the wrong field's first page was sent (it is how the field is found wrong); nothing was written.
    expect((await sandbox.requests()).map((r) => r.query.keyword)).toEqual(['茶']);
    expect([...h.sheets.keys()]).toEqual(['Just One API']);
  });
});

describe('request caps', () => {
  it('a per-refresh cap stops before the request past it; the next refresh continues without a page twice', async () => {
    setJobs([
      ['xiaohongshu.searchUsers', '咖啡', 3, 'Users'],
      ['xiaohongshu.getNoteFeed', 'food', 3, 'Feed'],
    ]);
    setCaps('3, none');
    expect(h.alerts.at(-1)).toMatch(/Request caps: 3 per refresh, none per day/);
    h.call('XHS_MENU_REFRESH');
    expect((await sent()).all).toEqual(['1', '1', '2']);
    expect(status(2)).toBe(
      'not refreshed: request cap per refresh reached (3 of 3 requests sent) (previous table kept; 2 page(s) fetched are kept for the next run); continues next run from page 3',
    );
    expect(status(3)).toBe(
      'not refreshed: request cap per refresh reached (3 of 3 requests sent) (previous table kept; 1 page(s) fetched are kept for the next run); continues next run from page 2',
    );
    expect(usage(2)).toBe('2 requests (2 ok), 2 pages, 40 items, 1 request refused by the budget');
    expect(h.alerts.at(-1)).toMatch(
      /Stopped: request cap per refresh reached \(3 of 3 requests sent\); nothing past it was sent\. Stopped mid-way: Users \(continues next run from page 3\), Feed \(continues next run from page 2\)\./,
    );
    expect(h.alerts.at(-1)).toMatch(/This refresh: 3 requests of 3 \(3 ok\)/);
    expect(h.sheets.has('Users')).toBe(false);

    h.call('XHS_MENU_REFRESH');
    const { all, ok } = await sent();
    expect(all).toEqual(['1', '1', '2', '3', '2', '3']);
    expect(new Set(ok).size).toBe(ok.length); // no page fetched twice
    expect([status(2), status(3)]).toEqual(['ok', 'ok']);
    expect(usage(2)).toBe('1 request (1 ok), 3 pages, 60 items, 2 requests saved by the cache');
    expect(h.sheets.get('Users')!.cells).toHaveLength(61);
    expect(column(h.sheets.get('Users')!, 'page')).toContain(3);

    // A completed job starts afresh: page 1 again.
    await sandbox.reset();
    h.call('XHS_MENU_REFRESH');
    expect((await sent()).all).toEqual(['1', '1', '2']);
  });

  it('a per-day cap (a day in the spreadsheet time zone) stops before the request past it, and says which jobs did not run', async () => {
    setJobs([
      ['xiaohongshu.searchUsers', '咖啡', 1, 'Users'],
      ['xiaohongshu.getNoteFeed', 'food', 1, 'Feed'],
    ]);
    setCaps('none 3');
    h.call('XHS_MENU_REFRESH');
    expect([status(2), status(3)]).toEqual(['ok', 'ok']);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok');
    expect(status(3)).toBe(
      'not run: request cap per day reached (3 of 3 requests sent) (previous table kept)',
    );
    expect(h.alerts.at(-1)).toMatch(
      /Stopped: request cap per day reached \(3 of 3 requests sent\); nothing past it was sent\. Not run: Feed\./,
    );
    expect(h.alerts.at(-1)).toMatch(/Today: 3 requests \(cap 3\)/);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(/^not run: request cap per day reached \(3 of 3 requests sent\)/);
    expect((await sandbox.requests()).length).toBe(3);
    // 2026-11-24 08:00 UTC + 9 h = 17:00 UTC, still the 24th in UTC but 01:00 on the 25th in Shanghai.
    h.clock.now += 9 * 3600_000;
    h.call('XHS_MENU_REFRESH');
    expect([status(2), status(3)]).toEqual(['ok', 'ok']);
    expect((await sandbox.requests()).length).toBe(5);
  });

  it('Request caps… refuses anything but two caps, and changes nothing then', () => {
    setCaps('50, 500');
    setCaps('lots');
    expect(h.alerts.at(-1)).toMatch(/^Write two caps, per refresh and per day.*Nothing was changed\.$/);
    h.call('XHS_MENU_ESTIMATE');
    expect(h.alerts.at(-1)).toMatch(/Request caps: 50 per refresh, 500 per day \(0 sent today\)/);
  });
});

describe('Estimate requests', () => {
  it('sends nothing, and tells the most requests the next refresh can make', async () => {
    setJobs([
      ['xiaohongshu.searchUsers', '咖啡', 3, 'Users'],
      ['xiaohongshu.getNoteFeed', 'food', 2, 'Feed'],
      ['xiaohongshu.searchUsers', 'tea', 1, 'Just One API'],
    ]);
    h.call('XHS_MENU_ESTIMATE');
    expect(h.alerts.at(-1)).toMatch(
      /^Estimate requests \| The next refresh sends at most 5 requests \(15 if every request is retried\)\. Nothing was sent to estimate this\.\nJobs: 2 \(5 page\(s\) at most\); 1 row\(s\) with errors will not run\.\nRequest caps: 200 per refresh, 2000 per day/,
    );
    setCaps('4, 100');
    h.call('XHS_MENU_ESTIMATE');
    expect(h.alerts.at(-1)).toMatch(/sends at most 4 requests \(the budget\)/);
    expect(h.fetches).toHaveLength(0);
    expect(await sandbox.requests()).toHaveLength(0);
    // Without failures a refresh sends the plain figure (capped at 4); with every page retried twice, 3 x 5.
    h.call('XHS_MENU_REFRESH');
    expect(await sandbox.requests()).toHaveLength(4);
  });
});

describe('resume an interrupted multi-page job', () => {
  it('after an error at page 3, the next refresh sends only page 3 (pages 1 and 2 are not fetched again)', async () => {
    setJobs([['xiaohongshu.searchUsers', '咖啡', 3, 'Users']]);
    await sandbox.setScenario('sandbox-every3-303', undefined);
    h.userProps.set('JUSTONEAPI_TOKEN', 'sandbox-every3-303'); // the 3rd request of the token gets 303
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(
      /^error: Just One API code 303: daily quota exhausted.*; continues next run from page 3 \(previous table kept\)$/,
    );
    expect(usage(2)).toBe('3 requests (2 ok, 1 failed: 303×1), 2 pages, 40 items');
    h.call('XHS_MENU_REFRESH');
    const { all, ok } = await sent();
    expect(all).toEqual(['1', '2', '3', '3']);
    expect(ok).toEqual(['咖啡:1', '咖啡:2', '咖啡:3']);
    expect(status(2)).toBe('ok');
    expect(h.sheets.get('Users')!.cells).toHaveLength(61);
  });

  it('an append-new job whose page 3 answers 303 appends pages 1-2 and continues from page 3: no item lost or doubled', async () => {
    setJobs([['douyin.searchVideoV4', '咖啡', 3, 'DY', 'append new', 'data.aweme_info.aweme_id']]);
    await useToken('sandbox-every3-303'); // the 3rd request of the token gets 303
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(
      /^error: Just One API code 303: .*; continues next run from page 3 \(10 new rows appended\)$/,
    );
    const sheet = h.sheets.get('DY')!;
    expect(column(sheet, 'page')).toEqual([...Array(5).fill(1), ...Array(5).fill(2)]);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok (5 new rows appended)');
    expect((await sandbox.requests()).map((r) => [r.query.page, r.code])).toEqual([
      ['1', 0],
      ['2', 0],
      ['3', 303],
      ['3', 0],
    ]);
    const ids = column(sheet, 'item_id');
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
  });

  it('fetched rows the sheet could not take are neither remembered as seen nor skipped by the resume point', async () => {
    setJobs([['douyin.searchVideoV4', '咖啡', 3, 'DY', 'append new', 'data.aweme_info.aweme_id']]);
    // The target exists (marked), and Sheets fails the first write into it.
    const target = new FakeSheet('DY', h.clock);
    target.addDeveloperMetadata('justoneapi:target');
    h.sheets.set('DY', target);
    const getRange = target.getRange.bind(target);
    let failures = 1;
    target.getRange = (...args: Parameters<FakeSheet['getRange']>) => {
      const range = getRange(...args);
      const setValues = range.setValues;
      range.setValues = (values) => {
        if (failures-- > 0)
          throw new Error('Exception: Service Spreadsheets failed while accessing document');
        return setValues(values);
      };
      return range;
    };
    await useToken('sandbox-every3-303');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(
      /^error: Just One API code 303: .* \(nothing appended: .*Service Spreadsheets failed.*\)$/,
    );
    expect(status(2)).not.toContain('continues next run');
    expect(target.cells).toHaveLength(0);
    h.call('XHS_MENU_REFRESH');
    // Pages 1 and 2 were not written: the next run fetches them again and writes them (its page 3, the
    // token's 6th request, fails again), and the one after continues from page 3.
    expect(status(2)).toMatch(
      /^error: Just One API code 303: .*; continues next run from page 3 \(10 new rows appended\)$/,
    );
    h.call('XHS_MENU_REFRESH');
    expect((await sandbox.requests()).map((r) => [r.query.page, r.code])).toEqual([
      ['1', 0],
      ['2', 0],
      ['3', 303],
      ['1', 0],
      ['2', 0],
      ['3', 303],
      ['3', 0],
    ]);
    expect(status(2)).toBe('ok (5 new rows appended)');
    const ids = column(target, 'item_id');
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
  });

  it('an append-new job stopped by the cap appends what it fetched and continues from its cursor and page', async () => {
    setJobs([['douyin.searchVideoV4', '咖啡', 3, 'DY', 'append new', 'data.aweme_info.aweme_id']]);
    setCaps('2, none');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe(
      'not refreshed: request cap per refresh reached (2 of 2 requests sent) (10 new rows appended); continues next run from page 3',
    );
    expect(h.sheets.get('DY')!.cells).toHaveLength(11);
    h.call('XHS_MENU_REFRESH');
    const reqs = await sandbox.requests();
    expect(reqs.map((r) => [r.query.page, r.query.searchId])).toEqual([
      ['1', undefined],
      ['2', 'sbx-2'],
      ['3', 'sbx-3'],
    ]);
    expect(status(2)).toBe('ok (5 new rows appended)');
    const ids = column(h.sheets.get('DY')!, 'item_id');
    expect(new Set(ids).size).toBe(15);
    expect(column(h.sheets.get('DY')!, 'page').slice(-5)).toEqual([3, 3, 3, 3, 3]);
  });
});
