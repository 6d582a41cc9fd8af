// "append new" jobs that stop at the first page they already have (the engine's stopAtSeen): on by
// default on jobs sheets made by this version, off on older ones unless the job's mode asks for it.
// Built Code.js in the Apps Script-like harness, over real HTTP to the sandbox.
import { readFileSync } from 'node:fs';
import { STOP_REASONS } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FakeSheet, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const TOKEN = 'tok-SHEETS-SEEN-3316';
const JOBS = 'Just One API';
const DY_ID = 'data.aweme_info.aweme_id';
let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startRemoteSandbox({ tokens: [TOKEN], userPages: 3, feedPages: 3 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness();
  h.userProps.set('JUSTONEAPI_TOKEN', TOKEN);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});

const config = () => h.sheets.get(JOBS)!;
const header = () => config().cells[0] as string[];
const cell = (row: number, name: string) => config().cells[row - 1]?.[header().indexOf(name)];
const status = (row: number) => String(cell(row, 'status'));
const column = (sheet: string, name: string) => {
  const cells = h.sheets.get(sheet)!.cells;
  const at = (cells[0] as string[]).indexOf(name);
  return cells.slice(1).map((r) => r[at]);
};

type JobRow = Record<string, string | number>;
/** Writes jobs into the jobs sheet from `row` on, each cell in the column its header names. */
function writeJobs(jobs: JobRow[], row: number) {
  jobs.forEach((job, i) => {
    for (const [name, value] of Object.entries(job))
      config()
        .getRange(row + i, header().indexOf(name) + 1)
        .setValues([[value]]);
  });
}

/** A jobs sheet the bundle made (a first refresh makes it, with its example jobs), holding only `jobs`. */
async function newJobsSheet(jobs: JobRow[]) {
  h.call('XHS_MENU_REFRESH');
  config().cells.splice(1);
  writeJobs(jobs, 2);
  await sandbox.reset();
}

/** The requests of the sandbox since `from`, as "keyword:page". */
async function sentSince(from: number) {
  return (await sandbox.requests()).slice(from).map((r) => `${r.query.keyword}:${r.query.page}`);
}

const job = (keyword: string, target: string, mode: string): JobRow => ({
  operation: 'douyin.searchVideoV4',
  'keyword or feed id': keyword,
  pages: 3,
  'target sheet': target,
  mode,
  'item id field': DY_ID,
});
const seenStop = (page: number, of: number) =>
  `stopped at page ${page} of ${of}: ${STOP_REASONS['seen-before']}`;

describe('on a jobs sheet made by this version', () => {
  it('a refresh with nothing new sends 1 request per append-new job and appends nothing', async () => {
    await newJobsSheet([
      job('咖啡', 'DY coffee', 'append new'),
      {
        operation: 'xiaohongshu.searchUsers',
        'keyword or feed id': '茶',
        pages: 3,
        'target sheet': 'Users',
        mode: 'append new',
      },
      job('茶', 'DY tea', 'append new, all pages'),
    ]);
    h.call('XHS_MENU_REFRESH');
    expect([status(2), status(3), status(4)]).toEqual([
      'ok (15 new rows appended)',
      'ok (60 new rows appended)',
      'ok (15 new rows appended)',
    ]);
    expect(await sentSince(0)).toHaveLength(9);
    const lengths = () => ['DY coffee', 'Users', 'DY tea'].map((t) => h.sheets.get(t)!.cells.length);
    const before = lengths();

    h.call('XHS_MENU_REFRESH');
    // Page 1 of each stop-at-seen job, every page of the "all pages" one.
    expect((await sentSince(9)).sort()).toEqual(['咖啡:1', '茶:1', '茶:1', '茶:2', '茶:3'].sort());
    expect(lengths()).toEqual(before);
    expect(status(2)).toBe(`ok (0 new rows appended; ${seenStop(1, 3)})`);
    expect(status(3)).toBe(`ok (0 new rows appended; ${seenStop(1, 3)})`);
    expect(status(4)).toBe('ok (0 new rows appended)');
    expect(String(cell(2, 'usage'))).toBe('1 request (1 ok), 1 page, 0 items, 5 already seen');

    // Where the spreadsheet's locale is Chinese, the reason gets its Chinese line.
    h.book.locale = 'zh_CN';
    h.call('XHS_MENU_REFRESH');
    expect(await sentSince(14)).toHaveLength(5);
    expect(status(2)).toMatch(/^ok \(0 new rows appended; stopped at page 1 of 3: .*\) \/ .*第 1 页/);
    expect(lengths()).toEqual(before);
  });

  it('an interrupted job resumes without fetching a page twice or losing a row, then stops at what it has', async () => {
    await newJobsSheet([job('咖啡', 'DY', 'append new')]);
    h.prompts.push({ button: 'OK', text: '2, none' });
    h.call('XHS_MENU_CAPS');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(
      /^not refreshed: request cap .*\(10 new rows appended\); continues next run from page 3$/,
    );
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok (5 new rows appended)');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe(`ok (0 new rows appended; ${seenStop(1, 3)})`);
    expect(await sentSince(0)).toEqual(['咖啡:1', '咖啡:2', '咖啡:3', '咖啡:1']);
    const ids = column('DY', 'item_id');
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
  });
});

const usersJob: JobRow = {
  operation: 'xiaohongshu.searchUsers',
  'keyword or feed id': '茶',
  pages: 3,
  'target sheet': 'Users',
  mode: 'append new',
};

/** The user's own sheet "Users" (marked for refresh), holding the users of `page` only (one request). */
function usersSheetWithPage(page: number) {
  const table = h.call('XHS_SEARCH_USERS', '茶', page) as unknown[][];
  const ids = table.slice(1).map((r) => String(r[(table[0] as string[]).indexOf('id')]));
  const users = new FakeSheet('Users', h.clock);
  users.addDeveloperMetadata('justoneapi:target');
  users.getRange(1, 1, ids.length + 1, 1).setValues([['item_id'], ...ids.map((id) => [id])]);
  h.sheets.set('Users', users);
}

describe('stopping mid-way', () => {
  it('appends the new rows of the pages before the one it has, and stops there', async () => {
    await newJobsSheet([usersJob]);
    usersSheetWithPage(2);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe(`ok (20 new rows appended; ${seenStop(2, 3)})`);
    expect(await sentSince(1)).toEqual(['茶:1', '茶:2']);
    expect(column('Users', 'item_id')).toHaveLength(40);
  });
});

describe('a resumed run', () => {
  it('reads the pages its interruption left even past one the sheet already has: no row is skipped', async () => {
    await newJobsSheet([usersJob]);
    usersSheetWithPage(2);
    h.prompts.push({ button: 'OK', text: '1, none' });
    h.call('XHS_MENU_CAPS');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(/\(20 new rows appended\); continues next run from page 2$/);
    h.prompts.push({ button: 'OK', text: 'none, none' });
    h.call('XHS_MENU_CAPS');
    h.call('XHS_MENU_REFRESH');
    // Page 2 brings nothing new, yet the run the cap cut short goes on to page 3.
    expect(status(2)).toBe('ok (20 new rows appended)');
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe(`ok (0 new rows appended; ${seenStop(1, 3)})`);
    expect(await sentSince(1)).toEqual(['茶:1', '茶:2', '茶:3', '茶:1']);
    const all = column('Users', 'item_id');
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
  });
});

describe('on a jobs sheet saved by 0.1.0', () => {
  function open() {
    const saved = JSON.parse(
      readFileSync(new URL('./fixtures/jobs-sheet-0.1.0.json', import.meta.url), 'utf8'),
    ).sheets;
    for (const s of saved) {
      const sheet = new FakeSheet(s.name, h.clock);
      Object.assign(sheet, structuredClone({ cells: s.cells, formats: s.formats, metadata: s.metadata }));
      sheet.frozen = s.frozen;
      h.sheets.set(s.name, sheet);
    }
  }

  it('an append-new job pages as before on every refresh, until its mode opts in', async () => {
    open();
    h.call('XHS_MENU_REFRESH'); // adds the columns the sheet lacks
    writeJobs([job('咖啡', 'DY', 'append new')], 5);
    h.call('XHS_MENU_REFRESH');
    expect(status(5)).toBe('ok (15 new rows appended)');
    const from = (await sandbox.requests()).length;
    h.call('XHS_MENU_REFRESH');
    // The release's jobs (1 + 1 + 2 pages) and every page of the append-new job, as before.
    expect((await sentSince(from)).filter((r) => r.startsWith('咖啡')).sort()).toEqual([
      '咖啡:1',
      '咖啡:1',
      '咖啡:2',
      '咖啡:3',
    ]);
    expect(await sentSince(from)).toHaveLength(7);
    for (const row of [2, 3, 4]) expect(status(row)).toBe('ok');
    expect(status(5)).toBe('ok (0 new rows appended)');

    writeJobs([{ mode: 'append new, stop at seen' }], 5);
    h.call('XHS_MENU_REFRESH');
    expect(await sentSince(from + 7)).toHaveLength(5);
    expect(status(5)).toBe(`ok (0 new rows appended; ${seenStop(1, 3)})`);
    expect(h.sheets.get('DY')!.cells).toHaveLength(16);
  });
});
