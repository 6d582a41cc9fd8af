import { RECORD_SHAPES } from '../generated/records.js';
import type { OperationSpec } from './catalog-types.js';
import { ALL_COLUMNS, type ColumnChoice, parseColumns } from './column-spec.js';
import {
  type CompactColumn,
  type CompactPlan,
  compactCell,
  convert,
  defaultColumns,
  howOf,
  planColumns,
} from './compact.js';
import { readPath } from './envelope.js';
import { ValidationError } from './errors.js';
import { type FlatRecord, toShapedRecord } from './records.js';

export interface RowsOptions {
  /**
   * The columns to give, in the one syntax every surface shares (column-spec.ts):
   * "likes=statistics.digg_count, author=author.nickname, create_time"; `*` for every column.
   * Default: the operation's curated record, or its compact rows (at most 30 columns).
   */
  columns?: string | readonly ColumnChoice[];
}

/** A column the user asked for that no item of a page has: with the columns that page does have. */
export class ColumnsError extends ValidationError {
  readonly missing: ColumnChoice[];
  readonly available: string[];
  constructor(missing: ColumnChoice[], available: string[], operation: string) {
    const which = missing.map((c) => (c.name === c.path ? `"${c.path}"` : `"${c.name}" (${c.path})`));
    super(
      `${which.join(', ')} ${missing.length > 1 ? 'match' : 'matches'} no field of this page's items. Columns there: ${available.join(', ')}.`,
      'columns',
      // Found in an answer: the page was sent (and its rows delivered); the run stops before the next.
      { operation, nothingSent: false, advice: 'Pick columns from the ones listed, or leave Columns empty.' },
    );
    this.missing = missing;
    this.available = available;
  }
}

/** One page's rows, and the asked-for columns no item of it has (empty when all matched). */
export interface RowsPage {
  rows: FlatRecord[];
  missing: ColumnChoice[];
  /** The columns this page has (curated, then compact), to say which exist when one is missing. */
  available: string[];
}

/**
 * Rows for a run of pages: the curated record (Xiaohongshu's), or compact rows whose columns the first
 * page decides and later pages keep (stable order), or exactly the columns the user chose.
 * Throws a ValidationError on a malformed `columns` text, before any request.
 */
export function createRows(op: OperationSpec, options: RowsOptions = {}) {
  const choices = parseColumns(options.columns);
  const shape = op.record ? RECORD_SHAPES[op.record] : undefined;
  const all = choices.some((c) => c.path === ALL_COLUMNS);
  const picked = choices.filter((c) => c.path !== ALL_COLUMNS);
  let plan: CompactPlan | undefined;
  let fixed: CompactColumn[] | undefined;

  function choiceCell(
    item: unknown,
    c: ColumnChoice,
    curated: FlatRecord | undefined,
    byName: Map<string, CompactColumn>,
  ) {
    if (curated && c.path in curated) return { hit: true, v: curated[c.path]! };
    const col = byName.get(c.path);
    if (col) return { hit: readPath(item, col.path) !== undefined, v: compactCell(item, col) };
    let v = readPath(item, c.path);
    if (v === undefined && plan?.wrapper) v = readPath(item, `${plan.wrapper}.${c.path}`);
    if (v !== undefined) return { hit: true, v: convert(v, howOf(c.path, v)) };
    // "digg_count" for statistics.digg_count: the one column whose name ends with it.
    const ends = [...byName.values()].filter((x) => x.name.endsWith(`.${c.path}`));
    if (ends.length === 1)
      return { hit: readPath(item, ends[0]!.path) !== undefined, v: compactCell(item, ends[0]!) };
    return { hit: false, v: null };
  }

  return {
    page(items: readonly unknown[]): RowsPage {
      if (!items.length) return { rows: [], missing: [], available: [] };
      if (shape && !choices.length)
        return { rows: items.map((i) => toShapedRecord(shape, i)), missing: [], available: [] };
      plan = planColumns(items, all ? plan : undefined);
      if (!all && !fixed) fixed = defaultColumns(plan, items);
      const pageCols = plan.columns;
      const byName = new Map(pageCols.map((c) => [c.name, c] as const));
      const hits = new Set<string>();
      const rows = items.map((item) => {
        const curated = shape ? toShapedRecord(shape, item) : undefined;
        const row: FlatRecord = {};
        for (const c of picked) {
          const { hit, v } = choiceCell(item, c, curated, byName);
          if (hit) hits.add(c.name);
          row[c.name] = v;
        }
        if (all) {
          if (curated) for (const [k, v] of Object.entries(curated)) if (!(k in row)) row[k] = v;
          for (const c of pageCols) if (!(c.name in row)) row[c.name] = compactCell(item, c);
        } else if (!picked.length) for (const c of fixed!) row[c.name] = compactCell(item, c);
        return row;
      });
      const missing = picked.filter((c) => !hits.has(c.name));
      const available = [...(shape ? shape.map((c) => c.column) : []), ...pageCols.map((c) => c.name)];
      return { rows, missing, available };
    },
    /** The compact columns decided so far (after the first page), with the path each reads. */
    get columns(): readonly CompactColumn[] {
      return all ? (plan?.columns ?? []) : (fixed ?? []);
    },
  };
}

export type Rows = ReturnType<typeof createRows>;
