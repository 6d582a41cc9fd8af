// A job's or formula's `columns`: rows the core's createRows gives (compact columns, or exactly the ones
// listed), as a sheet table. In the menu bundle only (a formula with `columns` loads it), so formulas
// without it do not carry the rows code. Where blank `columns` keeps the older shape: table.ts.
import { ColumnsError, createRows, type OperationSpec, parseColumns } from '@justoneapi/sdk/core';
import { type Cell, cell } from './table';

/** Checks a `columns` text before anything is sent: the core's one parser (ValidationError). */
export function checkColumns(text: string): void {
  parseColumns(text);
}

/** The table of `items` in the columns `text` names ("likes=statistics.digg_count, desc"; "*": all; "": the default rows). */
export function columnsTable(
  op: OperationSpec,
  items: unknown[],
  text: string,
  extra: Record<string, Cell>[] = [],
): { header: string[]; rows: Cell[][] } {
  const page = createRows(op, text ? { columns: text } : {}).page(items);
  if (page.missing.length) throw new ColumnsError(page.missing, page.available, op.id);
  const columns = [...new Set(page.rows.flatMap((r) => Object.keys(r)))];
  const extraColumns = extra.length ? Object.keys(extra[0]!) : [];
  return {
    header: [...columns, ...extraColumns],
    rows: page.rows.map((r, i) => [
      ...columns.map((c) => cell(r[c])),
      ...extraColumns.map((c) => cell(extra[i]![c])),
    ]),
  };
}
