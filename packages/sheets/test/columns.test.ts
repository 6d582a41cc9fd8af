// "columns" in Sheets: the jobs sheet's "columns" column and =JUSTONEAPI's "columns" argument give exactly
// the listed columns (the core's syntax), dates as date values; blank keeps the shape saved sheets have.
// Built Code.js in the Apps Script-like harness, over real HTTP to the sandbox's realistic Douyin search.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FakeSheet, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const SECRET = 'tok-SHEETS-COLUMNS-5120';
let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startRemoteSandbox({ tokens: [SECRET] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness();
  h.userProps.set('JUSTONEAPI_TOKEN', SECRET);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
function cellError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
const COLUMNS = 'id=aweme_id, likes=statistics.digg_count, author=author.nickname, published=create_time';
const NAMES = ['id', 'likes', 'author', 'published'];

describe('=JUSTONEAPI "columns"', () => {
  it('gives exactly the listed columns, named as asked, dates as date values', () => {
    const table = h.call(
      'JUSTONEAPI',
      'douyin.searchVideoV4',
      'keyword',
      '咖啡',
      'pages',
      2,
      'columns',
      COLUMNS,
    ) as unknown[][];
    expect(table[0]).toEqual(NAMES);
    expect(table.length).toBeGreaterThan(6);
    for (const r of table.slice(1)) {
      expect(r[1]).toEqual(expect.any(Number));
      expect(isDate(r[3])).toBe(true);
    }
  });

  it('"*": every compact column, short names, no JSON lists of URLs', () => {
    const table = h.call(
      'JUSTONEAPI',
      'douyin.searchVideoV4',
      'keyword',
      '咖啡',
      'columns',
      '*',
    ) as unknown[][];
    const header = table[0] as string[];
    expect(header).toEqual(
      expect.arrayContaining(['aweme_id', 'desc', 'author.nickname', 'video.play_addr.url']),
    );
    for (const name of header) expect(name.length).toBeLessThanOrEqual(32);
    const at = header.indexOf('create_time');
    expect(isDate(table[1]![at])).toBe(true);
  });

  it('blank: the shape a saved sheet has (every field, flattened), unchanged', () => {
    const table = h.call('JUSTONEAPI', 'douyin.searchVideoV4', 'keyword', '咖啡') as unknown[][];
    expect(table[0]).toContain('data.aweme_info.statistics.digg_count');
  });

  it('a malformed list errors before any request; a field no item has says which exist', async () => {
    expect(
      cellError(() => h.call('JUSTONEAPI', 'douyin.searchVideoV4', 'keyword', '咖啡', 'columns', 'a b')),
    ).toMatch(/Column "a b".*Nothing was sent/);
    expect(await sandbox.requests()).toHaveLength(0);
    expect(
      cellError(() =>
        h.call(
          'JUSTONEAPI',
          'douyin.searchVideoV4',
          'keyword',
          '咖啡',
          'columns',
          'likes=statistics.digg_cnt',
        ),
      ),
    ).toMatch(/"likes" \(statistics\.digg_cnt\) matches no field.*statistics\.digg_count/);
  });
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
  'columns',
  'acknowledge',
];

describe('the jobs sheet\'s "columns" column', () => {
  function setJobs(jobs: Array<[string, string, number, string, string]>) {
    const sheet = new FakeSheet('Just One API', h.clock);
    sheet.addDeveloperMetadata('justoneapi:jobs');
    sheet.getRange(1, 1, 1, HEADER.length).setValues([HEADER]);
    jobs.forEach(([op, value, pages, target, columns], i) =>
      sheet
        .getRange(i + 2, 1, 1, HEADER.length)
        .setValues([[op, value, pages, target, '', '', '', '', '', '', '', columns, '']]),
    );
    h.sheets.set('Just One API', sheet);
  }
  const status = (row: number) => String(h.sheets.get('Just One API')!.cells[row - 1]![6]);

  it('writes exactly the listed columns (then fetched_at, page); blank keeps the saved shape', async () => {
    setJobs([
      ['douyin.searchVideoV4', '咖啡', 2, 'DY picked', COLUMNS],
      ['douyin.searchVideoV4', '茶', 1, 'DY saved', ''],
    ]);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toBe('ok');
    const picked = h.sheets.get('DY picked')!.cells;
    expect(picked[0]).toEqual([...NAMES, 'fetched_at', 'page']);
    expect(picked).toHaveLength(11);
    expect(isDate(picked[1]![3])).toBe(true);
    expect(h.sheets.get('DY saved')!.cells[0]).toContain('data.aweme_info.statistics.digg_count');
  });

  it('a malformed list is a status error before anything is sent', async () => {
    setJobs([['douyin.searchVideoV4', '咖啡', 1, 'DY bad', 'x=a, x=b']]);
    h.call('XHS_MENU_REFRESH');
    expect(status(2)).toMatch(/^error: columns: Column "x" is named twice\. Nothing was sent/);
    expect(await sandbox.requests()).toHaveLength(0);
  });

  it('an old jobs sheet (no "columns" column) gets the column, its jobs keep their shape', () => {
    const sheet = new FakeSheet('Just One API', h.clock);
    sheet.addDeveloperMetadata('justoneapi:jobs');
    sheet.getRange(1, 1, 1, 11).setValues([HEADER.slice(0, 11)]);
    sheet
      .getRange(2, 1, 1, 11)
      .setValues([['douyin.searchVideoV4', '咖啡', 1, 'DY old', '', '', '', '', '', '', '']]);
    h.sheets.set('Just One API', sheet);
    h.call('XHS_MENU_REFRESH');
    expect(sheet.cells[0]![11]).toBe('columns');
    expect(h.sheets.get('DY old')!.cells[0]).toContain('data.aweme_info.statistics.digg_count');
  });

  it('a jobs sheet made now: blank "columns" gives compact rows (at most 30 columns, dates as date values)', async () => {
    h.call('XHS_MENU_REFRESH'); // makes the jobs sheet, with its two Xiaohongshu example jobs
    const config = h.sheets.get('Just One API')!;
    expect(config.cells[0]).toEqual(HEADER);
    config.getRange(4, 1, 1, 4).setValues([['douyin.searchVideoV4', '咖啡', 2, 'DY new']]);
    h.call('XHS_MENU_REFRESH');
    expect(status(4)).toBe('ok');
    const table = h.sheets.get('DY new')!.cells;
    const header = table[0] as string[];
    expect(header.length).toBeLessThanOrEqual(30 + 2);
    expect(header).toEqual(
      expect.arrayContaining([
        'aweme_id',
        'desc',
        'author.nickname',
        'statistics.digg_count',
        'create_time',
        'fetched_at',
        'page',
      ]),
    );
    expect(isDate(table[1]![header.indexOf('create_time')])).toBe(true);
    // The Xiaohongshu example jobs: their curated columns, as before.
    expect(h.sheets.get('XHS users 咖啡')!.cells[0]!.slice(0, 3)).toEqual(['id', 'name', 'red_id']);
  });
});
