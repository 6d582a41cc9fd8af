import { flatten, recordColumns, toRecord, type OperationSpec } from '@justoneapi/sdk/core';

export type Cell = string | number | boolean | Date;

// An instant as the core writes it ("2026-11-24T08:00:00.000Z"): a date value in the sheet, shown in
// the spreadsheet's time zone, rather than UTC text.
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

export function cell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v instanceof Date ? v : JSON.stringify(v);
  if (typeof v === 'string' && ISO_INSTANT.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? v : d;
  }
  return v as Cell;
}

/** The number format for date cells ("2026-11-24 16:00:00" in the spreadsheet's time zone). */
export const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export { isDate } from './is-date';

/** A 2-D array for a sheet: the record columns (or, raw, every flattened field in first-seen order). */
export function toTable(
  op: OperationSpec,
  items: unknown[],
  raw: boolean,
  extra: Record<string, Cell>[] = [],
): { header: string[]; rows: Cell[][] } {
  const records = items.map((item) => (raw ? flatten(item) : toRecord(op, item)));
  const columns =
    !raw && recordColumns(op)
      ? [...recordColumns(op)!]
      : [...new Set(records.flatMap((r) => Object.keys(r)))];
  const extraColumns = extra.length ? Object.keys(extra[0]!) : [];
  return {
    header: [...columns, ...extraColumns],
    rows: records.map((r, i) => [
      ...columns.map((c) => cell(r[c])),
      ...extraColumns.map((c) => cell(extra[i]![c])),
    ]),
  };
}
