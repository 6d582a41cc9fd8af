import type { OperationSpec } from './catalog-types.js';
import { readPath } from './envelope.js';
import { ValidationError } from './errors.js';
import type { ParamValue } from './params.js';

export interface PageOptions {
  /** First page to request (default 1). */
  startPage?: number;
  /** Most pages to request (default 10; Infinity for no limit). Every page is a paid call. */
  maxPages?: number;
  /** Stop once this many unique items were collected (the last page is cut to fit). */
  maxItems?: number;
}

export const DEFAULT_MAX_PAGES = 10;

export interface PageResult<Item = unknown> {
  page: number;
  /** Items not seen on an earlier page, in order. */
  items: Item[];
  /** Items the API sent on this page, duplicates included. */
  received: number;
  /** True when no further page will be requested. */
  done: boolean;
}

/** The item list of one page's `data`. */
export function pageItems<Item = unknown>(op: OperationSpec, data: unknown): Item[] {
  const list = op.pagination ? readPath(data, op.pagination.itemsPath) : undefined;
  return Array.isArray(list) ? (list as Item[]) : [];
}

function checkCount(
  name: string,
  value: number | undefined,
  op: OperationSpec,
  allowInfinity: boolean,
): void {
  if (value === undefined) return;
  const ok = (allowInfinity && value === Infinity) || (Number.isInteger(value) && value >= 1);
  if (!ok)
    throw new ValidationError(`${op.id}: ${name} must be a whole number >= 1, got ${String(value)}.`, name, {
      operation: op.id,
    });
}

/**
 * The parameters the paginator fills in from one page to the next (page number, offset, cursor ...).
 * Hosts hide them from forms, or offer them only as a starting value.
 */
export function pagingParams(op: OperationSpec): string[] {
  return op.pagination ? [op.pagination.pageParam] : [];
}

/**
 * Page bookkeeping shared by every host: which page to ask for next, when to stop (empty page,
 * has_more false, a page with nothing new, maxPages, maxItems), and de-duplication by item id.
 * It never asks for a page past the stop.
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
  const startPage =
    options.startPage ??
    (typeof params[spec.pageParam] === 'number' ? (params[spec.pageParam] as number) : 1);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const maxItems = options.maxItems ?? Infinity;
  const seen = new Set<string>();
  let page = startPage;
  let fetched = 0;
  let collected = 0;
  let done = false;

  return {
    /** Params for the next page, or undefined when finished. */
    next(): Record<string, ParamValue> | undefined {
      if (done || fetched >= maxPages || collected >= maxItems) return undefined;
      return { ...params, [spec.pageParam]: page };
    },
    /** Records a fetched page's `data` and returns what it added. */
    accept(data: unknown): PageResult<Item> {
      const list = pageItems<Item>(op, data);
      const fresh: Item[] = [];
      for (const item of list) {
        const id =
          item && typeof item === 'object' ? (item as Record<string, unknown>)[spec.itemId] : undefined;
        const key = id === undefined || id === null ? undefined : String(id);
        if (key !== undefined) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        if (collected + fresh.length >= maxItems) break;
        fresh.push(item);
      }
      const thisPage = page;
      fetched++;
      page++;
      collected += fresh.length;
      const hasMore = spec.hasMorePath ? readPath(data, spec.hasMorePath) : undefined;
      if (list.length === 0 || hasMore === false || fresh.length === 0) done = true;
      if (fetched >= maxPages || collected >= maxItems) done = true;
      return { page: thisPage, items: fresh, received: list.length, done };
    },
  };
}

export type Pager<Item = unknown> = ReturnType<typeof createPager<Item>>;
