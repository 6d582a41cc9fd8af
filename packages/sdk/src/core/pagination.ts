import type { OperationSpec, PaginationSpec } from './catalog-types.js';
import { readPath } from './envelope.js';
import { ValidationError } from './errors.js';
import { readCount } from './count.js';
import type { ParamValue } from './params.js';

export interface PageOptions {
  /** First page number, for operations paged by page number (default: the page parameter's value, else 1). */
  startPage?: number;
  /** Most pages to request (default 10; Infinity for no limit). Every page is a paid call. */
  maxPages?: number;
  /** Stop once this many unique items were collected (the last page is cut to fit). */
  maxItems?: number;
}

export const DEFAULT_MAX_PAGES = 10;

export interface PageResult<Item = unknown> {
  /** The page number for page-numbered operations, else the page's position in this run (1, 2 …). */
  page: number;
  /** Items not seen on an earlier page, in order. */
  items: Item[];
  /** Items the API sent on this page, duplicates included. */
  received: number;
  /** True when no further page will be requested. */
  done: boolean;
  /**
   * The parameters of the next page, when there is one: pass them as the params of a later call to
   * resume where this run stopped (after a limit, an error or a restart) without fetching a page twice.
   */
  next?: Record<string, ParamValue>;
  /** Why the run stopped, on its last page. `limit`: maxPages or maxItems cut it short. */
  stop?: 'end' | 'limit';
  /** What made it stop, in detail (STOP_REASONS in /core says each in words). */
  reason?: StopReason;
}

/** Why a run stopped (stop-reasons.ts says each in words). */
export type StopReason =
  | 'empty'
  | 'no-more'
  | 'nothing-new'
  | 'cursor-unchanged'
  | 'cursor-missing'
  | 'max-pages'
  | 'max-items'
  | 'seen-before';

/**
 * The parameters the paginator fills in from one page to the next (page number, offset, cursor ...).
 * Hosts hide them from forms, or offer them only as a starting value.
 */
export function pagingParams(op: OperationSpec): string[] {
  return op.pagination ? op.pagination.state.map((s) => s.param) : [];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The largest list of objects in `data` (breadth first, 4 levels deep): for operations whose item path is unknown. */
function largestList(data: unknown): unknown[] {
  let best: unknown[] = [];
  let level: unknown[] = [data];
  for (let depth = 0; depth < 5 && level.length; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      if (Array.isArray(v)) {
        if (v.length > best.length && v.some((x) => isRecord(x) && !Array.isArray(x))) best = v;
      } else if (isRecord(v)) next.push(...Object.values(v));
    }
    level = next;
  }
  return best;
}

/** The item list of one page's `data`. */
export function pageItems<Item = unknown>(op: OperationSpec, data: unknown): Item[] {
  const spec = op.pagination;
  if (!spec) return [];
  if (spec.items !== undefined) {
    const list = readPath(data, spec.items);
    if (Array.isArray(list)) return list as Item[];
    if (!spec.itemsAssumed) return [];
  }
  return largestList(data) as Item[];
}

/**
 * A key for an item: its id where one is known, else a hash of its content, so an API that repeats
 * items without ids cannot make a run pay for the same page again and again.
 */
function itemIdentity(item: unknown, idPath: string | undefined): string | undefined {
  if (idPath !== undefined) {
    const id = readPath(item, idPath);
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  const text = JSON.stringify(item) ?? '';
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `#${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}:${text.length}`;
}

/** The next value of a cursor: the first string or number (not empty) at one of its paths. */
function cursorValue(data: unknown, from: readonly string[] = []): ParamValue | undefined {
  for (const path of from) {
    const v = readPath(data, path);
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) return v;
  }
  return undefined;
}

function checkCount(name: string, value: number | undefined, op: OperationSpec, infinity: boolean): void {
  readCount(name, value, { infinity }, op.id);
}

function firstParams(spec: PaginationSpec, params: Record<string, ParamValue>, options: PageOptions) {
  const out = { ...params };
  for (const s of spec.state) {
    if (s.kind === 'page') out[s.param] = options.startPage ?? out[s.param] ?? s.start ?? 1;
    else if (s.kind === 'offset') out[s.param] ??= 0;
  }
  return out;
}

/**
 * Page bookkeeping shared by every host and every paging style (page numbers, offsets, cursors read
 * from the answer, and their combinations), driven by the operation's PaginationSpec. It stops on an
 * empty page, a false (or 0) "has more", a page with nothing new, a cursor that did not move, maxPages
 * or maxItems, and never asks for a page past the stop. Items are de-duplicated by id where one is
 * known, else by content: a page that only repeats what this run received ends it.
 */
export function createPager<Item = unknown>(
  op: OperationSpec,
  params: Record<string, ParamValue>,
  options: PageOptions = {},
) {
  const spec = op.pagination;
  if (!spec) throw new ValidationError(`${op.id} has no pages.`, undefined, { operation: op.id });
  checkCount('startPage', options.startPage, op, false);
  checkCount('maxPages', options.maxPages, op, true);
  checkCount('maxItems', options.maxItems, op, true);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const maxItems = options.maxItems ?? Infinity;
  const pageStep = spec.state.find((s) => s.kind === 'page');
  const advances = spec.state.some((s) => s.kind !== 'cursor');
  const seen = new Set<string>();
  /** Cursors every answer so far has renewed: one of them missing from an answer is the end. */
  const renewed = new Set(spec.state.filter((s) => s.kind === 'cursor').map((s) => s.param));
  let current: Record<string, ParamValue> | undefined = firstParams(spec, params, options);
  let fetched = 0;
  let collected = 0;

  return {
    /** Params for the next page, or undefined when finished. */
    next(): Record<string, ParamValue> | undefined {
      return current && fetched < maxPages && collected < maxItems ? { ...current } : undefined;
    },
    /** Records a fetched page's `data` and returns what it added. */
    accept(data: unknown): PageResult<Item> {
      const sent = current ?? {};
      const list = pageItems<Item>(op, data);
      const fresh: Item[] = [];
      for (const item of list) {
        const key = itemIdentity(item, spec.id);
        if (key !== undefined) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        if (collected + fresh.length >= maxItems) break;
        fresh.push(item);
      }
      fetched++;
      collected += fresh.length;

      const following: Record<string, ParamValue> = { ...sent };
      let moved = advances;
      let lost = false;
      const repeated = list.length > 0 && fresh.length === 0 && collected < maxItems;
      for (const s of spec.state) {
        const cur = sent[s.param];
        if (s.kind === 'page') following[s.param] = Number(cur) + 1;
        else if (s.kind === 'offset') following[s.param] = Number(cur ?? 0) + (s.step ?? list.length);
        else {
          const v = cursorValue(data, s.from);
          if (v !== undefined) {
            if (String(v) !== String(cur ?? '')) moved = true;
            following[s.param] = v;
          } else if (renewed.has(s.param)) {
            if (fetched > 1) lost = true;
            renewed.delete(s.param);
          }
        }
      }
      const hasMore = spec.hasMore ? readPath(data, spec.hasMore) : undefined;
      const reason: StopReason | undefined =
        list.length === 0
          ? 'empty'
          : hasMore === false || hasMore === 0 || hasMore === 'false'
            ? 'no-more'
            : repeated
              ? 'nothing-new'
              : !moved
                ? 'cursor-unchanged'
                : lost
                  ? 'cursor-missing'
                  : collected >= maxItems
                    ? 'max-items'
                    : fetched >= maxPages
                      ? 'max-pages'
                      : undefined;
      const end = reason !== undefined && reason !== 'max-items' && reason !== 'max-pages';
      const limited = reason === 'max-items' || reason === 'max-pages';
      current = end ? undefined : following;
      const page = pageStep ? Number(sent[pageStep.param]) : fetched;
      const result: PageResult<Item> = { page, items: fresh, received: list.length, done: end || limited };
      if (current) result.next = { ...current };
      if (reason) {
        result.stop = end ? 'end' : 'limit';
        result.reason = reason;
      }
      return result;
    },
  };
}

export type Pager<Item = unknown> = ReturnType<typeof createPager<Item>>;
