import {
  checkOnlyNew,
  countProblem,
  pagingParams,
  recordColumns,
  toNumber,
  withItemId,
  type OperationSpec,
} from '@justoneapi/sdk/core';
import { operationFor } from './operations';
import { checkColumns } from './rows-table';
import { DATE_FORMAT } from './table';

export const CONFIG_SHEET = 'Just One API';
export const JOB_HEADER = [
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
] as const;
const FIRST_ROW = 2;

/** Where each column of JOB_HEADER is in the jobs sheet (1-based), found by its header. */
export type JobColumns = Record<(typeof JOB_HEADER)[number], number>;

// Developer metadata on the sheets this bundle may write: the jobs sheet, the target sheets it created
// (or that the user marked with "Let refresh write to this sheet"), the reference sheet. A sheet
// without its mark is the user's: refresh never clears it.
export const MARK_JOBS = 'justoneapi:jobs';
export const MARK_TARGET = 'justoneapi:target';
export const MARK_REFERENCE = 'justoneapi:reference';
/** On jobs sheets made since "columns" came: a blank "columns" cell gives compact rows (older sheets keep every field). */
export const MARK_COMPACT = 'justoneapi:compact-rows';
/** On jobs sheets made since "append new" could stop at seen items: a plain "append new" stops at them. */
export const MARK_STOP_AT_SEEN = 'justoneapi:stop-at-seen';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function hasMark(sheet: Sheet, key: string): boolean {
  return sheet.getDeveloperMetadata().some((m) => m.getKey() === key);
}

export interface Job {
  row: number;
  op: OperationSpec;
  /** The operation's first required (or first) parameter: keyword, or feed id. */
  value: string;
  pages: number;
  target: string;
  /** The status the previous run left ("not refreshed: time limit …": its pages are resumed). */
  previous: string;
  /** Further parameters from the "parameters" column. */
  params: Record<string, unknown>;
  /** "replace" (overwrite the target with this run's table) or "append" (append only rows whose id is new). */
  mode: 'replace' | 'append';
  /** Append: end the run at the first page whose every item the job already has (the engine's stopAtSeen). */
  stopAtSeen: boolean;
  /** The "item id field" column (blank: the operation's documented id); `op` already carries it. */
  idField: string;
  /** The "columns" column (the core's syntax); blank: see `compact`. */
  columns: string;
  /** Blank "columns" gives compact rows (a jobs sheet made since "columns" came), else every field flattened. */
  compact: boolean;
  /** The vendor's danger highlights this job accepts (the "acknowledge" column, e.g. "direct-api-call"). */
  acknowledge: string[];
}

/** The "acknowledge" column: highlight names such as "direct-api-call" (an "acknowledge:" prefix is allowed). */
export function parseAcknowledge(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^acknowledge:/, ''))
    .filter(Boolean);
}

/** A "mode" cell: the mode, and for "append new" whether it says where to stop (undefined: the sheet's default). */
export interface ModeCell {
  mode: 'replace' | 'append';
  stopAtSeen?: boolean;
}

/**
 * The "mode" column: blank or "replace", or "append new" (also "append", "new", "only new"), optionally
 * followed by "all pages" (read every page) or "stop at seen" (stop at the first page it already has).
 */
export function parseMode(text: string): ModeCell | undefined {
  const t = text
    .toLowerCase()
    .replace(/[\s_,;:()-]+/g, ' ')
    .trim();
  if (t === '' || t === 'replace') return { mode: 'replace' };
  const m = /^(?:append new|append|new|only new|append only new)(?: (all pages|stop at seen))?$/.exec(t);
  if (!m) return undefined;
  return m[1] ? { mode: 'append', stopAtSeen: m[1] === 'stop at seen' } : { mode: 'append' };
}

/**
 * The "parameters" column: `name=value; name=value` (or one per line), or a JSON object.
 * Values stay text; the catalog's validation types them.
 */
export function parseParameters(text: string): Record<string, unknown> {
  const t = text.trim();
  if (!t) return {};
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t);
      if (o && typeof o === 'object' && !Array.isArray(o)) return o;
    } catch {
      /* reported below */
    }
    throw new Error(
      'parameters: write name=value; name=value, or a JSON object such as {"keyword": "咖啡"}.',
    );
  }
  const out: Record<string, unknown> = {};
  for (const part of t.split(/[;\n]+/)) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    if (at < 1) throw new Error(`parameters: "${part.trim()}" is not name=value.`);
    out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

export function mainParam(op: OperationSpec): string | undefined {
  const paging = pagingParams(op);
  const params = op.params.filter((p) => !paging.includes(p.name));
  return (params.find((p) => p.required) ?? params[0])?.name;
}

/** The config sheet, created (and marked) with a header and two example jobs on first use. */
export function configSheet(): Sheet {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(CONFIG_SHEET);
  if (!sheet) {
    sheet = book.insertSheet(CONFIG_SHEET);
    sheet.addDeveloperMetadata(MARK_JOBS);
    sheet.addDeveloperMetadata(MARK_COMPACT);
    sheet.addDeveloperMetadata(MARK_STOP_AT_SEEN);
    sheet
      .getRange(1, 1, 3, JOB_HEADER.length)
      .setValues([
        [...JOB_HEADER],
        ['xiaohongshu.searchUsers', '咖啡', 1, 'XHS users 咖啡', '', '', '', '', '', '', '', '', ''],
        [
          'xiaohongshu.getNoteFeed',
          'homefeed_food_v3',
          1,
          'XHS feed food',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ],
      ]);
    sheet.setFrozenRows(1);
  }
  return sheet;
}

/**
 * Why refresh may not write into the sheet named `name`, or undefined when it may (a sheet it created,
 * one the user marked, or no sheet yet).
 */
export function targetProblem(name: string): string | undefined {
  const lower = name.toLowerCase();
  const book = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = book.getSheets().find((s) => s.getName().toLowerCase() === lower);
  if (!sheet) return undefined;
  const why =
    hasMark(sheet, MARK_JOBS) || lower === CONFIG_SHEET.toLowerCase()
      ? 'is the jobs sheet itself; choose another name'
      : hasMark(sheet, MARK_REFERENCE)
        ? 'is the operations reference; choose another name'
        : hasMark(sheet, MARK_TARGET)
          ? ''
          : 'was not created by Just One API: choose a new name, or open it and use Just One API > Let refresh write to this sheet';
  return why ? `the target sheet "${name}" ${why}. Nothing was written or cleared` : undefined;
}

/**
 * Finds each of our columns by its header (case and spaces ignored), wherever the user moved it, and
 * adds those the sheet lacks after its last used column (a sheet from an earlier release, where the user
 * may have put notes in the columns after ours). The user's columns and cells are never touched.
 */
export function jobColumns(sheet: Sheet): JobColumns {
  const width = sheet.getLastColumn();
  const header = width
    ? sheet
        .getRange(1, 1, 1, width)
        .getValues()[0]!
        .map((v) =>
          String(v ?? '')
            .trim()
            .replace(/\s+/g, ' ')
            .toLowerCase(),
        )
    : [];
  const columns = {} as JobColumns;
  const missing = JOB_HEADER.filter((name) => {
    const at = header.indexOf(name);
    if (at >= 0) columns[name] = at + 1;
    return at < 0;
  });
  if (missing.length) {
    sheet
      .getRange(1, width + 1, 1, missing.length)
      .setNumberFormat('@')
      .setValues([[...missing]]);
    missing.forEach((name, i) => {
      columns[name] = width + 1 + i;
    });
  }
  return columns;
}

/** The target sheet of a job whose target is blank: 0.1.0's name for its two operations, else id and value. */
function defaultTarget(op: OperationSpec, value: string): string {
  const resource = (op as { resource?: string }).resource;
  return (resource ? `XHS ${resource} ${value}` : `${op.id} ${value}`).trim();
}

/**
 * 0.1.0 wrote its tables into sheets without a mark. An unmarked sheet that holds exactly the table a
 * job of one of its two operations writes (the header row: record columns, fetched_at, page) is that
 * release's, and is marked as ours, so the upgrade keeps refreshing it.
 */
function adoptReleaseTable(name: string, op: OperationSpec): void {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name);
  const columns = recordColumns(op);
  if (!sheet || !columns || !(op as { resource?: string }).resource) return;
  if ([MARK_JOBS, MARK_TARGET, MARK_REFERENCE].some((mark) => hasMark(sheet, mark))) return;
  const expected = [...columns, 'fetched_at', 'page'];
  if (sheet.getLastColumn() !== expected.length) return;
  const header = sheet.getRange(1, 1, 1, expected.length).getValues()[0]!;
  if (header.every((v, i) => v === expected[i])) sheet.addDeveloperMetadata(MARK_TARGET);
}

/** Jobs from the config sheet, plus rows that could not be read (reported in their status cell). */
export function readJobs(): {
  jobs: Job[];
  invalid: Array<{ row: number; error: string }>;
  columns: JobColumns;
} {
  const sheet = configSheet();
  const columns = jobColumns(sheet);
  const last = sheet.getLastRow();
  const jobs: Job[] = [];
  const invalid: Array<{ row: number; error: string }> = [];
  if (last < FIRST_ROW) return { jobs, invalid, columns };
  const values = sheet.getRange(FIRST_ROW, 1, last - FIRST_ROW + 1, sheet.getLastColumn()).getValues();
  const targets = new Map<string, number>();
  const compact = hasMark(sheet, MARK_COMPACT);
  // A plain "append new" stops at seen items on jobs sheets made since that came; older ones page on.
  const stopAtSeen = hasMark(sheet, MARK_STOP_AT_SEEN);
  values.forEach((cells, i) => {
    const row = FIRST_ROW + i;
    const text = (column: JobColumns[keyof JobColumns]) => String(cells[column - 1] ?? '');
    const [name, value, pages, target] = (
      ['operation', 'keyword or feed id', 'pages', 'target sheet'] as const
    ).map((c) => text(columns[c]).trim());
    const previous = text(columns.status);
    if (!name) return;
    let params: Record<string, unknown>;
    try {
      params = parseParameters(text(columns.parameters));
    } catch (err) {
      return invalid.push({ row, error: (err as Error).message });
    }
    const found = operationFor(name!);
    if (!found)
      return invalid.push({
        row,
        error: `unknown operation "${name}": see Just One API > Operations reference.`,
      });
    const { mode, stopAtSeen: modeStops } = parseMode(text(columns.mode)) ?? {};
    if (!mode)
      return invalid.push({
        row,
        error: `mode must be "replace" (or blank) or "append new", got "${text(columns.mode).trim()}". "append new, all pages" reads every page; "append new, stop at seen" stops at the first page the sheet already has.`,
      });
    const idField = text(columns['item id field']).trim();
    const columnSpec = text(columns.columns).trim();
    try {
      if (columnSpec) checkColumns(columnSpec);
    } catch (err) {
      return invalid.push({ row, error: `columns: ${(err as Error).message} Nothing was sent.` });
    }
    let op: OperationSpec;
    try {
      op = withItemId(found, idField);
      if (mode === 'append') checkOnlyNew(op);
    } catch (err) {
      return invalid.push({ row, error: `${(err as Error).message} Nothing was sent.` });
    }
    const n = pages === '' || !op.pagination ? 1 : toNumber(pages);
    if ((pages !== '' && op.pagination && countProblem(pages)) || n > 50)
      return invalid.push({ row, error: `pages must be a whole number from 1 to 50, got "${pages}".` });
    const sheetName = target || defaultTarget(op, value!);
    adoptReleaseTable(sheetName, op);
    const problem = targetProblem(sheetName);
    if (problem) return invalid.push({ row, error: `${problem}.` });
    const earlier = targets.get(sheetName.toLowerCase());
    if (earlier)
      return invalid.push({
        row,
        error: `row ${earlier} already writes to "${sheetName}"; give this job its own target. Nothing was written.`,
      });
    targets.set(sheetName.toLowerCase(), row);
    jobs.push({
      row,
      op,
      value: value!,
      pages: n,
      target: sheetName,
      previous,
      params,
      mode,
      stopAtSeen: mode === 'append' && (modeStops ?? stopAtSeen),
      idField,
      columns: columnSpec,
      compact,
      acknowledge: parseAcknowledge(text(columns.acknowledge)),
    });
  });
  return { jobs, invalid, columns };
}

/**
 * Writes a job's last run, rows and status, and (when given) what it spent in its "usage" cell, each in
 * its own column wherever it is (one range per run of adjacent columns).
 */
export function statusWriter(columns: JobColumns) {
  return (row: number, lastRun: Date, rows: number | '', status: string, usage?: string): void => {
    const cells: Array<[number, Date | number | string, string]> = [
      [columns['last run'], lastRun, DATE_FORMAT],
      [columns.rows, rows, 'General'],
      [columns.status, status, '@'],
    ];
    if (usage !== undefined) cells.push([columns.usage, usage, '@']);
    cells.sort((a, b) => a[0] - b[0]);
    const sheet = configSheet();
    for (let i = 0; i < cells.length; ) {
      let j = i + 1;
      while (j < cells.length && cells[j]![0] === cells[j - 1]![0] + 1) j++;
      const run = cells.slice(i, j);
      sheet
        .getRange(row, run[0]![0], 1, run.length)
        .setNumberFormats([run.map((c) => c[2])])
        .setValues([run.map((c) => c[1])]);
      i = j;
    }
  };
}
