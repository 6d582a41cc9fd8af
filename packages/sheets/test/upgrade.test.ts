// Upgrades never break saved work: a spreadsheet saved by each released version (test/fixtures) keeps
// refreshing, and the user's own columns and cells are left as they were. The jobs sheet is read by
// its header, never by position.
import { readFileSync } from 'node:fs';
import { USER_COLUMNS } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FakeSheet, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const TOKEN = 'tok-SHEETS-UPGRADE-5120';
const JOBS = 'Just One API';
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

interface SavedSheet {
  name: string;
  cells: unknown[][];
  formats: string[][];
  frozen: number;
  metadata: Array<{ key: string; value: string }>;
}

/** Opens a saved spreadsheet in the harness. */
function open(file: string): SavedSheet[] {
  const saved = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')).sheets;
  for (const s of saved as SavedSheet[]) {
    const sheet = new FakeSheet(s.name, h.clock);
    sheet.cells = structuredClone(s.cells) as FakeSheet['cells'];
    sheet.formats = structuredClone(s.formats);
    sheet.frozen = s.frozen;
    sheet.metadata = structuredClone(s.metadata);
    h.sheets.set(s.name, sheet);
  }
  return saved;
}

const header = () => h.sheets.get(JOBS)!.cells[0] as string[];
/** A jobs sheet cell by its column's header. */
const cell = (row: number, name: string) => h.sheets.get(JOBS)!.cells[row - 1]![header().indexOf(name)];

describe('a jobs sheet saved by 0.1.0 (7 columns, the user\'s "my comment" in column H)', () => {
  it("refreshes every job, into the sheets that release made, and leaves the user's cells as they were", async () => {
    const saved = open('jobs-sheet-0.1.0.json');
    const before = saved.find((s) => s.name === JOBS)!.cells;
    h.call('XHS_MENU_REFRESH');
    for (const row of [2, 3, 4]) expect(cell(row, 'status'), `row ${row}`).toBe('ok');
    // Its columns and the user's stay where they were; ours that it lacked come after the user's.
    expect(header()).toEqual([
      ...(before[0] as string[]),
      'parameters',
      'mode',
      'item id field',
      'usage',
      'columns',
      'acknowledge',
    ]);
    const jobs = h.sheets.get(JOBS)!.cells;
    before.forEach((row, r) => {
      for (const c of [0, 1, 2, 3, 7]) expect(jobs[r]![c], `row ${r + 1} column ${c + 1}`).toEqual(row[c]);
    });
    expect(jobs.map((r) => r[7])).toEqual(['my comment', 'keep this', 'for the Monday report', '']);
    // The tables that release wrote are refreshed in place (a blank target keeps that release's name).
    expect(h.sheets.get('XHS users 咖啡')!.cells).toHaveLength(21);
    expect(h.sheets.get('XHS feed food')!.cells).toHaveLength(11);
    expect(h.sheets.get('XHS user 茶')!.cells).toHaveLength(41);
    expect(h.sheets.get('XHS user 茶')!.cells[0]).toEqual([...USER_COLUMNS, 'fetched_at', 'page']);
    expect([...h.sheets.keys()].sort()).toEqual(saved.map((s) => s.name).sort());
    expect(await sandbox.requests()).toHaveLength(4);
    // A second refresh finds the columns it added and adds none.
    h.call('XHS_MENU_REFRESH');
    expect(header()).toHaveLength(14);
    expect(cell(2, 'status')).toBe('ok');
  });
});

describe('columns found by their header', () => {
  it("a user column between ours, and ours moved, are read and written by name; the user's cells stay", async () => {
    const sheet = new FakeSheet(JOBS, h.clock);
    sheet.addDeveloperMetadata('justoneapi:jobs');
    const columns = [
      'operation',
      'keyword or feed id',
      'owner',
      'pages',
      'target sheet',
      'status',
      'parameters',
      'last run',
      'rows',
      'my comment',
      'usage',
      'mode',
      'item id field',
    ];
    const mine = (r: number) => [`owner ${r}`, `comment ${r}`];
    sheet
      .getRange(1, 1, 3, columns.length)
      .setValues([
        columns,
        [
          'xiaohongshu.searchUsers',
          '',
          ...mine(2).slice(0, 1),
          2,
          'Users',
          '',
          'keyword=咖啡',
          '',
          '',
          mine(2)[1]!,
          '',
          '',
          '',
        ],
        [
          'douyin.searchVideoV4',
          '咖啡',
          ...mine(3).slice(0, 1),
          1,
          'DY',
          '',
          '',
          '',
          '',
          mine(3)[1]!,
          '',
          'append new',
          'data.aweme_info.aweme_id',
        ],
      ]);
    h.sheets.set(JOBS, sheet);
    h.call('XHS_MENU_REFRESH');
    expect(header()).toEqual([...columns, 'columns', 'acknowledge']);
    expect(cell(2, 'status')).toBe('ok');
    expect(cell(3, 'status')).toBe(`ok (${h.sheets.get('DY')!.cells.length - 1} new rows appended)`);
    expect(cell(2, 'rows')).toBe(40);
    expect(String(cell(2, 'usage'))).toMatch(/^2 requests/);
    for (const r of [2, 3]) {
      expect(cell(r, 'owner')).toBe(mine(r)[0]);
      expect(cell(r, 'my comment')).toBe(mine(r)[1]);
    }
    expect(h.sheets.get('Users')!.cells).toHaveLength(41);
  });
});
