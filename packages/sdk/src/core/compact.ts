import {
  DEFAULT_MAX_COLUMNS,
  KIND_RULES,
  MAX_NAME,
  TIME_NAME,
  URL_LIST_NAME,
  WRAPPER_SIBLINGS,
} from './compact-rules.js';
import { readPath } from './envelope.js';

export type Cell = string | number | boolean | null;
/** How a field becomes a cell: as it is, an epoch as a date, a list's first URL, joined, counted, or JSON text. */
export type How = 'value' | 'time' | 'first-url' | 'join' | 'count' | 'json';

/** One column of compact rows. */
export interface CompactColumn {
  /** Its name in the rows (the shared wrapper dropped, at most 32 characters). */
  name: string;
  /** The field it reads, a dot path from the item. */
  path: string;
  how: How;
  /** For the first URL of a list of objects: the URL field of its first object ("url" or "url_list"). */
  sub?: string;
  /** The name is shorter than the path it reads says (leading segments dropped, or cut with "…"). */
  cut?: boolean;
  /** Its kind, from compact-rules.ts: id, text, author, count, date, url, other. */
  kind: string;
}

/** The columns one page of items gives: its shared wrapper and every column, most informative first. */
export interface CompactPlan {
  wrapper: string;
  columns: CompactColumn[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const leafOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);
const HOW_RANK: Record<How, number> = { value: 0, time: 0, join: 1, 'first-url': 2, count: 3, json: 4 };
const URL = /^https?:\/\//;

/** Seconds or milliseconds since 1970 (2001-2286) as ISO 8601 UTC; null for anything else. */
export function epochToIso(v: unknown): string | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  const ms = n >= 1e9 && n < 1e10 ? n * 1000 : n >= 1e12 && n < 1e13 ? n : undefined;
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** A date written out with its year ("Sun Dec 06 10:00:00 +0800 2026", "2026-01-02 10:00") as ISO 8601 UTC. */
function dateText(v: unknown): string | null {
  if (typeof v !== 'string' || !/\d{4}/.test(v) || /^\d+$/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** What a list becomes, from its elements and name. */
function listHow(path: string, list: readonly unknown[]): How {
  const first = list.find((x) => x !== null && x !== undefined);
  if (isObj(first)) return 'count';
  if (Array.isArray(first)) return 'json';
  if (URL_LIST_NAME.test(leafOf(path)) || (typeof first === 'string' && URL.test(first))) return 'first-url';
  return 'join';
}

/** How a field the user names becomes a cell, from its value and name. */
export function howOf(path: string, v: unknown): How {
  if (Array.isArray(v)) return listHow(path, v) === 'count' ? 'json' : listHow(path, v);
  if (isObj(v)) return 'json';
  return TIME_NAME.test(leafOf(path)) ? 'time' : 'value';
}

const scalar = (v: unknown): Cell =>
  v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as Cell);

/** The cell of one field value. */
export function convert(v: unknown, how: How, sub?: string): Cell {
  if (v === undefined || v === null) return null;
  if (how === 'time') return epochToIso(v) ?? dateText(v) ?? scalar(v);
  if (how === 'count') return Array.isArray(v) ? v.length : null;
  if (how === 'json') return JSON.stringify(v);
  if (!Array.isArray(v)) return scalar(v);
  if (how === 'join')
    return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : null;
  if (how === 'first-url') {
    const first = v[0];
    const url = sub
      ? isObj(first)
        ? sub === 'url'
          ? first.url
          : readPath(first, 'url_list.0')
        : null
      : first;
    return typeof url === 'string' && url !== '' ? url : null;
  }
  return JSON.stringify(v);
}

/** A compact cell; a text column loses its HTML markup ("<em class=\"keyword\">咖啡</em>" -> "咖啡"). */
export function compactCell(item: unknown, c: CompactColumn): Cell {
  const v = convert(readPath(item, c.path), c.how, c.sub);
  return c.kind === 'text' && typeof v === 'string' && v.includes('<')
    ? v.replace(/<\/?[a-z][^>]*>/gi, '')
    : v;
}

const leaves = (v: unknown): number =>
  isObj(v) ? Object.values(v).reduce<number>((n, x) => n + leaves(x), 0) : 1;

/** The object every item is wrapped in ("data.aweme_info", "note_card"): siblings are a few scalars. */
export function wrapperOf(items: readonly unknown[]): string {
  let prefix = '';
  for (let depth = 0; depth < 4 && items.length; depth++) {
    const objs = items.map((i) => readPath(i, prefix));
    if (!objs.every(isObj)) break;
    const ok = (k: string) =>
      objs.every((o) => {
        const inner = o[k];
        const rest = Object.entries(o).filter(([x]) => x !== k);
        return (
          isObj(inner) &&
          rest.length <= WRAPPER_SIBLINGS &&
          leaves(inner) > rest.length &&
          rest.every(([, v]) => v === null || typeof v !== 'object')
        );
      });
    const key = Object.keys(objs[0] as Obj).find(ok);
    if (!key) break;
    prefix = prefix ? `${prefix}.${key}` : key;
  }
  return prefix;
}

type Entry = { path: string; how: How; sub?: string };

/** Every field of one item, lists kept whole (and their first URL where their objects have one). */
function fieldsOf(v: unknown, path: string, out: Map<string, Entry>): void {
  const add = (e: Entry, key = e.path) => {
    const had = out.get(key);
    if (!had || HOW_RANK[e.how] > HOW_RANK[had.how]) out.set(key, e);
  };
  if (Array.isArray(v)) {
    const how = listHow(path, v);
    add({ path, how });
    const el = how === 'count' ? (v.find(isObj) as Obj) : undefined;
    const sub =
      el && (typeof el.url === 'string' ? 'url' : Array.isArray(el.url_list) ? 'url_list' : undefined);
    if (sub) add({ path, how: 'first-url', sub }, `${path}[]`);
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) fieldsOf(x, path ? `${path}.${k}` : k, out);
  } else if (path) add({ path, how: TIME_NAME.test(leafOf(path)) ? 'time' : 'value' });
}

/** The name a field shows under, before the wrapper is dropped. */
function displayPath(e: Entry): string {
  if (e.how === 'count') return `${e.path}.count`;
  if (e.sub) return `${e.path}.url`;
  if (e.how === 'first-url') return e.path.replace(/(url_list|urls)$/, 'url').replace(/Urls$/, 'Url');
  return e.path;
}

function kindOf(name: string, how: How): { rank: number; first: number } {
  const leaf = leafOf(name);
  const rank = KIND_RULES.findIndex((r) => r.test(leaf, name, how));
  const rule = KIND_RULES[rank]!;
  const prefer = rule.prefer ?? [];
  const i = prefer.findIndex((re) => re.test(rule.preferName ? name : leaf));
  return { rank, first: i < 0 ? prefer.length : i };
}

/** Unique names of at most MAX_NAME characters: leading segments dropped first, else cut in the middle. */
function nameFor(full: string, taken: Set<string>): { name: string; cut: boolean } {
  const parts = full.split('.');
  for (let i = 0; i < parts.length; i++) {
    const n = parts.slice(i).join('.');
    if (n.length <= MAX_NAME && !taken.has(n)) return { name: n, cut: i > 0 };
  }
  // Its first segment, "…", and as much of its end as fits: "a.…ment.leaf_value_here".
  const head = `${parts[0]!.slice(0, 10)}.…`;
  for (let i = 1; ; i++) {
    const mark = i > 1 ? String(i) : '';
    const n = `${head}${mark}${full.slice(-(MAX_NAME - head.length - mark.length))}`;
    if (!taken.has(n)) return { name: n, cut: true };
  }
}

/**
 * When the item has an id of its own (a top-level one), the ids of objects inside it (music.id, music.mid)
 * follow the item's text instead of preceding it: "aweme_id, desc, …, music.id" rather than "aweme_id,
 * music.id, music.mid, desc".
 */
function ownIdFirst<R extends { rank: number; full: string }>(ranked: R[]): R[] {
  const isId = (r: R) => KIND_RULES[r.rank]!.kind === 'id';
  if (!ranked.some((r) => isId(r) && !r.full.includes('.'))) return ranked;
  const inner = ranked.filter((r) => isId(r) && r.full.includes('.'));
  const rest = ranked.filter((r) => !inner.includes(r));
  let afterText = 0;
  rest.forEach((r, i) => {
    if (KIND_RULES[r.rank]!.kind === 'text' || isId(r)) afterText = i + 1;
  });
  return [...rest.slice(0, afterText), ...inner, ...rest.slice(afterText)];
}

/**
 * Every compact column of a page of items, most informative first (ids, text, author, counts, dates,
 * URLs, the rest), with the shared wrapper dropped from names. `keep` (an earlier page's plan) keeps its
 * wrapper, names and order; new fields come after them.
 */
export function planColumns(items: readonly unknown[], keep?: CompactPlan): CompactPlan {
  const wrapper = keep?.wrapper ?? wrapperOf(items);
  const fields = new Map<string, Entry>();
  for (const item of items) fieldsOf(item, '', fields);
  const known = new Set(keep?.columns.map((c) => `${c.path}|${c.sub ?? ''}|${c.how}`));
  const strip = (p: string) => (wrapper && p.startsWith(`${wrapper}.`) ? p.slice(wrapper.length + 1) : p);
  const ranked = [...fields.values()]
    .filter((e) => !known.has(`${e.path}|${e.sub ?? ''}|${e.how}`))
    .map((e, order) => {
      const full = strip(displayPath(e));
      return { e, full, order, depth: full.split('.').length, ...kindOf(full, e.how) };
    })
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (KIND_RULES[a.rank]!.depthFirst
          ? a.depth - b.depth || a.first - b.first
          : a.first - b.first || a.depth - b.depth) ||
        a.order - b.order,
    );
  const taken = new Set(keep?.columns.map((c) => c.name));
  const columns = [...(keep?.columns ?? [])];
  for (const r of ownIdFirst(ranked)) {
    const { name, cut } = nameFor(r.full, taken);
    taken.add(name);
    columns.push({
      name,
      path: r.e.path,
      how: r.e.how,
      ...(r.e.sub ? { sub: r.e.sub } : {}),
      ...(cut ? { cut } : {}),
      kind: KIND_RULES[r.rank]!.kind,
    });
  }
  return { wrapper, columns };
}

/**
 * The default few of a plan: at most `max` columns, each kind within its bound, in the plan's order,
 * leaving out a column whose texts repeat an earlier one's in every item (group_id = aweme_id).
 */
export function defaultColumns(
  plan: CompactPlan,
  items: readonly unknown[],
  max = DEFAULT_MAX_COLUMNS,
): CompactColumn[] {
  const per = new Map<string, number>();
  const kept: { c: CompactColumn; cells: string }[] = [];
  for (const c of plan.columns) {
    const rule = KIND_RULES.find((r) => r.kind === c.kind)!;
    const n = per.get(c.kind) ?? 0;
    if (n >= rule.max || kept.length >= max) continue;
    const list = items.map((i) => compactCell(i, c));
    // Only texts that differ item to item (ids, links) count as repeats: equal numbers may be chance.
    const texts = list.length > 1 && list.every((v) => typeof v === 'string' && v) && new Set(list).size > 1;
    const cells = texts ? JSON.stringify(list) : '';
    if (cells && kept.some((k) => k.cells === cells)) continue;
    per.set(c.kind, n + 1);
    kept.push({ c, cells });
  }
  return kept.map((k) => k.c);
}
