import { documentedOperations as operations, type OperationSpec } from '@justoneapi/sdk/core';

export const CONFIG_SHEET = 'Just One API';
export const JOB_HEADER = [
  'operation',
  'keyword or feed id',
  'pages',
  'target sheet',
  'last run',
  'rows',
  'status',
];
const FIRST_ROW = 2;

export interface Job {
  row: number;
  op: OperationSpec;
  /** The operation's first required (or first) parameter: keyword, or feed id. */
  value: string;
  pages: number;
  target: string;
}

/** The operation a config row names: its id ("xiaohongshu.searchUsers"), method, or resource ("user", "note"). */
export function operationFor(name: string): OperationSpec | undefined {
  const n = name.trim().toLowerCase();
  return operations.find((op) =>
    [op.id, op.method, op.resource, `${op.resource}s`].some((alias) => alias.toLowerCase() === n),
  );
}

export function mainParam(op: OperationSpec): string {
  return (
    op.params.find((p) => p.required) ??
    op.params.find((p) => p.name !== op.pagination?.pageParam) ??
    op.params[0]!
  ).name;
}

/** The config sheet, created with a header and two example jobs on first use. */
export function configSheet(): GoogleAppsScript.Spreadsheet.Sheet {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(CONFIG_SHEET);
  if (!sheet) {
    sheet = book.insertSheet(CONFIG_SHEET);
    sheet
      .getRange(1, 1, 3, JOB_HEADER.length)
      .setValues([
        JOB_HEADER,
        ['xiaohongshu.searchUsers', '咖啡', 1, 'XHS users 咖啡', '', '', ''],
        ['xiaohongshu.getNoteFeed', 'homefeed_food_v3', 1, 'XHS feed food', '', '', ''],
      ]);
    sheet.setFrozenRows(1);
  }
  return sheet;
}

/** Jobs from the config sheet, plus rows that could not be read (reported in their status cell). */
export function readJobs(): { jobs: Job[]; invalid: Array<{ row: number; error: string }> } {
  const sheet = configSheet();
  const last = sheet.getLastRow();
  const jobs: Job[] = [];
  const invalid: Array<{ row: number; error: string }> = [];
  if (last < FIRST_ROW) return { jobs, invalid };
  const values = sheet.getRange(FIRST_ROW, 1, last - FIRST_ROW + 1, 4).getValues();
  values.forEach((cells, i) => {
    const row = FIRST_ROW + i;
    const [name, value, pages, target] = cells.map((c) => String(c ?? '').trim());
    if (!name) return;
    const op = operationFor(name!);
    if (!op)
      return invalid.push({
        row,
        error: `Unknown operation "${name}": use ${operations.map((o) => o.id).join(' or ')}.`,
      });
    const n = pages === '' ? 1 : Number(pages);
    if (!Number.isInteger(n) || n < 1 || n > 50)
      return invalid.push({ row, error: `pages must be a whole number from 1 to 50, got "${pages}".` });
    jobs.push({ row, op, value: value!, pages: n, target: target || `XHS ${op.resource} ${value}`.trim() });
  });
  return { jobs, invalid };
}

export function writeStatus(row: number, lastRun: string, rows: number | '', status: string): void {
  configSheet()
    .getRange(row, 5, 1, 3)
    .setValues([[lastRun, rows, status]]);
}
