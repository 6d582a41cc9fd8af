import { flatten, toRecord, type DocumentedOperation } from '@justoneapi/sdk/core';

export type Row = Record<string, unknown>;

const MAX_CELL = 160;
const MAX_COLUMNS = 12;

/** Rows of an answer that is not paged: records of a list, or one flat row for an object. */
export function rowsOfData(op: DocumentedOperation, data: unknown): Row[] {
  const one = (item: unknown) =>
    op.record ? toRecord(op, item) : item && typeof item === 'object' ? flatten(item) : { value: item };
  return Array.isArray(data) ? data.map(one) : [one(data)];
}

const empty = (v: unknown) => v === null || v === undefined || v === '' || v === '[]' || v === '{}';

/**
 * Which columns to show: the ones asked for that exist, else the first non-empty ones (at most 12);
 * the others are named so the agent can ask for them.
 */
export function pickColumns(
  rows: Row[],
  asked?: string[],
): { columns: string[]; omitted: string[]; unknown: string[] } {
  const all: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k) && seen.add(k)) all.push(k);
  if (asked?.length) {
    return {
      columns: asked.filter((c) => seen.has(c)),
      omitted: [],
      unknown: asked.filter((c) => !seen.has(c)),
    };
  }
  const filled = all.filter((c) => rows.some((r) => !empty(r[c])));
  return { columns: filled.slice(0, MAX_COLUMNS), omitted: filled.slice(MAX_COLUMNS), unknown: [] };
}

const cell = (v: unknown) =>
  typeof v === 'string' && v.length > MAX_CELL ? `${v.slice(0, MAX_CELL - 1)}…` : (v ?? null);

/**
 * The rows from `start` as arrays under `columns`, as many as fit in `maxChars` of JSON (at least one);
 * `next` is the first row not shown.
 */
export function compact(
  rows: Row[],
  columns: string[],
  start: number,
  maxChars: number,
): { rows: unknown[][]; next?: number } {
  const out: unknown[][] = [];
  let size = 0;
  let i = start;
  for (; i < rows.length; i++) {
    const row = columns.map((c) => cell(rows[i]![c]));
    const n = JSON.stringify(row).length + 1;
    if (out.length && size + n > maxChars) break;
    out.push(row);
    size += n;
  }
  return i < rows.length ? { rows: out, next: i } : { rows: out };
}
