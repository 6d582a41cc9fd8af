import type { OperationSpec } from './catalog-types.js';
import { readPath } from './envelope.js';
import { ValidationError } from './errors.js';
import { pagingParams } from './pagination.js';

/**
 * Where "only new items" remembers what earlier runs emitted: item ids per key, a key per (operation,
 * params without paging state). Sync or async, so Apps Script (PropertiesService), n8n (static data),
 * Node-RED (context), a file or a database can all hold it. Implementations bound its size and age.
 */
export interface SeenStore {
  /** The ids remembered under `key` (expired ones left out). */
  get(key: string): readonly string[] | Promise<readonly string[]>;
  /** Remembers `ids` under `key` (again: refreshes their age). */
  add(key: string, ids: readonly string[]): void | Promise<void>;
}

export interface SeenLimits {
  /** Most ids kept per key; the oldest go first. Default 10,000. */
  maxIds?: number;
  /** Ids older than this are forgotten (then emitted again if they come back). Default 30 days. */
  maxAgeMs?: number;
  /** The clock (ms); injectable so tests and the core stay pure. Default Date.now. */
  now?: () => number;
}

export const DEFAULT_SEEN_LIMITS = { maxIds: 10_000, maxAgeMs: 30 * 24 * 3600_000 } as const;

/** The JSON a store keeps: key → id → when it was last seen (ms since epoch). */
export type SeenState = Record<string, Record<string, number>>;

function limitsOf(l: SeenLimits) {
  return {
    maxIds: l.maxIds ?? DEFAULT_SEEN_LIMITS.maxIds,
    maxAgeMs: l.maxAgeMs ?? DEFAULT_SEEN_LIMITS.maxAgeMs,
    now: l.now ?? Date.now,
  };
}

/** Drops expired ids and, past maxIds, the oldest ones, from one key (or every key). Mutates `state`. */
export function pruneSeen(state: SeenState, limits: SeenLimits = {}, key?: string): SeenState {
  const { maxIds, maxAgeMs, now } = limitsOf(limits);
  const oldest = now() - maxAgeMs;
  for (const k of key === undefined ? Object.keys(state) : [key]) {
    const ids = state[k];
    if (!ids) continue;
    let entries = Object.entries(ids).filter(([, at]) => typeof at === 'number' && at >= oldest);
    if (entries.length > maxIds) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, maxIds);
    if (entries.length) state[k] = Object.fromEntries(entries);
    else delete state[k];
  }
  return state;
}

/** The fresh ids under `key`. */
export function seenIds(state: SeenState, key: string, limits: SeenLimits = {}): string[] {
  const { maxAgeMs, now } = limitsOf(limits);
  const oldest = now() - maxAgeMs;
  return Object.entries(state[key] ?? {})
    .filter(([, at]) => at >= oldest)
    .map(([id]) => id);
}

/** Adds (or refreshes) ids under `key`, then bounds that key. Mutates and returns `state`. */
export function addSeen(
  state: SeenState,
  key: string,
  ids: readonly string[],
  limits: SeenLimits = {},
): SeenState {
  const at = limitsOf(limits).now();
  const entry = (state[key] ??= {});
  for (const id of ids) entry[id] = at;
  return pruneSeen(state, limits, key);
}

/** A SeenStore in memory, over a JSON state you may persist yourself (`store.state`). */
export class MemorySeenStore implements SeenStore {
  readonly state: SeenState;
  readonly limits: SeenLimits;
  constructor(options: SeenLimits & { state?: SeenState } = {}) {
    const { state, ...limits } = options;
    this.limits = limits;
    this.state = pruneSeen(isState(state) ? state : {}, limits);
  }
  get(key: string): string[] {
    return seenIds(this.state, key, this.limits);
  }
  add(key: string, ids: readonly string[]): void {
    addSeen(this.state, key, ids, this.limits);
  }
  toJSON(): SeenState {
    return this.state;
  }
}

/** Whether a value parsed from storage is a SeenState (anything else is started afresh). */
export function isState(v: unknown): v is SeenState {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v).every((ids) => ids !== null && typeof ids === 'object' && !Array.isArray(ids))
  );
}

/**
 * The seen-set key of a run: the operation id and its params without paging state (page, offset,
 * cursor …), sorted, empty values left out. Pass validated params (validateParams), so equal inputs
 * written differently ("food" / "homefeed_food_v3") share a key.
 */
export function seenKey(op: OperationSpec, params: Record<string, unknown>): string {
  const skip = new Set(pagingParams(op));
  const parts = Object.keys(params)
    .filter((k) => !skip.has(k) && params[k] !== undefined && params[k] !== null && params[k] !== '')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`);
  return `${op.id}?${parts.join('&')}`;
}

/** An item's id as a string, by the operation's documented item id; undefined when it has none. */
export function itemKey(op: OperationSpec, item: unknown): string | undefined {
  const path = op.pagination?.id;
  if (path === undefined) return undefined;
  const id = readPath(item, path);
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Throws (before any request) when "only new" cannot work: the operation is not paged or names no item id. */
export function checkOnlyNew(op: OperationSpec): void {
  if (!op.pagination?.id)
    throw new ValidationError(
      `${op.id}: "only new" needs an item id and the vendor documents none: name the item's id field (itemId, --item-id, "Item ID Field"), e.g. "id".`,
      'itemId',
      { operation: op.id },
    );
}

const ID_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z0-9_$-]+)*$/;

/**
 * The operation with `path` (a dot path inside each item, such as "aweme_id" or "note.id") as its item
 * id, for the many operations whose item id the vendor does not document: "only new" and the pager's
 * de-duplication then key items by it. A blank path returns `op` as it is. Throws before any request
 * when the operation is not paged or the path is not a dot path.
 */
export function withItemId(op: OperationSpec, path: string | undefined | null): OperationSpec {
  const p = typeof path === 'string' ? path.trim() : '';
  if (!p) return op;
  if (!op.pagination || !ID_PATH.test(p))
    throw new ValidationError(
      op.pagination
        ? `The item id field must be a dot path such as "id" or "note.id", got ${JSON.stringify(p)}.`
        : `${op.id} is not paged: an item id field does not apply.`,
      'itemId',
      { operation: op.id },
    );
  return { ...op, pagination: { ...op.pagination, id: p } };
}

/**
 * Splits one page's items into those not seen before and the keys of those seen before (to refresh).
 * Items without an id are kept (they cannot be recognised later); a page where no item has one throws.
 */
export function filterSeen<Item>(
  op: OperationSpec,
  items: readonly Item[],
  seen: ReadonlySet<string>,
): { fresh: Item[]; seenKeys: string[] } {
  const fresh: Item[] = [];
  const seenKeys: string[] = [];
  let withId = 0;
  for (const item of items) {
    const k = itemKey(op, item);
    if (k !== undefined) withId++;
    if (k !== undefined && seen.has(k)) seenKeys.push(k);
    else fresh.push(item);
  }
  // Not one item has the id: the field is wrong, and every later run would emit everything again.
  if (items.length > 0 && withId === 0) {
    const fields = [...new Set(items.flatMap((i) => (i && typeof i === 'object' ? Object.keys(i) : [])))];
    throw new ValidationError(
      `${op.id}: no item has the id field "${op.pagination?.id}". The items' fields: ${fields.slice(0, 20).join(', ') || '(none)'}.`,
      'itemId',
      { operation: op.id },
    );
  }
  return { fresh, seenKeys };
}
