import { flatten, recordColumns, toRecord, type OperationSpec } from '@justoneapi/sdk/core';

export type Cell = string | number | boolean;

const cell = (v: unknown): Cell =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as Cell);

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
