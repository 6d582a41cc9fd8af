import { RECORD_SHAPES } from '../generated/records.js';
import type { OperationSpec, RecordColumn } from './catalog-types.js';
import { readPath } from './envelope.js';

/** A flat row: every value a string, number, boolean or null, so it fits a sheet, CSV or table. */
export type FlatRecord = Record<string, string | number | boolean | null>;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

const UNITS: Record<string, number> = { 万: 1e4, w: 1e4, W: 1e4, 亿: 1e8, k: 1e3, K: 1e3, m: 1e6, M: 1e6 };

/** "粉丝 381.2万" -> 3812000, "1,234" -> 1234, "1.1亿" -> 110000000; null when no count is stated. */
export function parseCount(text: unknown): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? Math.round(text) : null;
  if (typeof text !== 'string') return null;
  const m = /(\d[\d,]*(?:\.\d+)?)\s*(万|亿|[wWkKmM])?/.exec(text);
  if (!m) return null;
  const value = Number(m[1]!.replace(/,/g, ''));
  return Number.isFinite(value) ? Math.round(value * (m[2] ? UNITS[m[2]]! : 1)) : null;
}

/** The parse rules a record column can name: each turns a raw value into a cell, or null. */
const PARSERS: Record<
  NonNullable<RecordColumn['parse']>,
  (v: unknown) => string | number | boolean | null
> = {
  string: (v) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null),
  number: (v) =>
    typeof v === 'number' && Number.isFinite(v)
      ? v
      : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
        ? Number(v)
        : null,
  count: (v) => (v === '' ? null : parseCount(v)),
  boolean: (v) => (v === undefined || v === null ? null : v === true || v === 1 || v === 'true'),
  // Seconds or milliseconds since 1970 -> ISO 8601 UTC.
  time: (v) => {
    const n = PARSERS.number(v);
    if (typeof n !== 'number' || n <= 0) return null;
    const d = new Date(n > 1e12 ? n : n * 1000);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  },
  length: (v) => (Array.isArray(v) ? v.length : null),
};
const FALLBACK = { boolean: false, length: 0 } as const;

function cell(item: unknown, c: RecordColumn, row: FlatRecord): string | number | boolean | null {
  if (c.template) {
    let missing = false;
    const url = c.template.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = row[k];
      if (v === null || v === undefined) missing = true;
      return encodeURIComponent(String(v));
    });
    return missing ? null : url;
  }
  const parse = PARSERS[c.parse ?? 'string'];
  for (const source of c.from ?? []) {
    let raw = readPath(item, typeof source === 'string' ? source : source.path);
    if (typeof source !== 'string') {
      const m = typeof raw === 'string' ? new RegExp(`(?:${source.after})(.*)$`, 'i').exec(raw) : null;
      if (!m) continue;
      raw = m[1];
    }
    const v = parse(raw);
    if (v !== null) return v;
  }
  return c.default ?? (c.parse ? (FALLBACK[c.parse as keyof typeof FALLBACK] ?? null) : null);
}

/** Maps one item to a record shape's columns, in order. */
export function toShapedRecord(shape: readonly RecordColumn[], item: unknown): FlatRecord {
  const row: FlatRecord = {};
  for (const c of shape) row[c.column] = cell(item, c, row);
  return row;
}

/** Flattens any object into dot-named scalar columns (arrays become JSON text). For items without a record shape. */
export function flatten(item: unknown, prefix = '', out: FlatRecord = {}): FlatRecord {
  for (const [k, v] of Object.entries(obj(item))) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) out[key] = null;
    else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else if (typeof v === 'object') flatten(v, key, out);
    else out[key] = v as string | number | boolean;
  }
  return out;
}

/** The flat record for one item of an operation: its record shape, or generic flattening. */
export function toRecord(op: OperationSpec, item: unknown): FlatRecord {
  const shape = op.record ? RECORD_SHAPES[op.record] : undefined;
  return shape ? toShapedRecord(shape, item) : flatten(item);
}

/** A Xiaohongshu user (User Search V2 item) as a record. */
export const toUserRecord = (item: unknown) => toShapedRecord(RECORD_SHAPES.user!, item);
/** A Xiaohongshu feed note (Notes Feed V1 item) as a record. */
export const toNoteRecord = (item: unknown) => toShapedRecord(RECORD_SHAPES.note!, item);
