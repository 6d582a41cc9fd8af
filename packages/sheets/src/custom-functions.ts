import {
  createPager,
  documentedOperations,
  findOperation,
  validateParams,
  ValidationError,
  type OperationSpec,
} from '@justoneapi/sdk/core';
import { cacheGet, cachePut, cacheKey } from './cache';
import { callSync, describeError } from './call';
import { baseUrl, requireToken } from './settings';
import { toTable, type Cell } from './table';

interface Options {
  header: boolean;
  raw: boolean;
}

/** Options text such as "noheader", "raw" or "noheader, raw" (case and spaces ignored). */
export function parseOptions(text: unknown): Options {
  const options: Options = { header: true, raw: false };
  if (text === undefined || text === null || text === '') return options;
  for (const word of String(text)
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    if (word === 'noheader' || word === 'no_header' || word === 'header:false') options.header = false;
    else if (word === 'raw') options.raw = true;
    else throw new ValidationError(`Unknown option "${word}": use "noheader" and/or "raw".`, 'options');
  }
  return options;
}

// Custom functions must finish within 30 s: one retry at most, after a wait of at most 3 s (whatever
// Retry-After asks), and only if it starts within 20 s, leaving time for the second answer.
const CUSTOM_FUNCTION_POLICY = { maxRetries: 1, maxDelayMs: 3_000 };
const CUSTOM_FUNCTION_DEADLINE_MS = 20_000;

/**
 * One page of an operation as a 2-D array. Cached by base URL + operation + params + options, so a
 * recalculation never re-bills; errors are never cached and become the cell's error text. A failed
 * cache write is only logged: the paid answer is still returned.
 */
export function pageTable(
  op: OperationSpec,
  params: Record<string, unknown>,
  optionsText: unknown,
): Cell[][] {
  let key: string;
  let result: Cell[][];
  try {
    const options = parseOptions(optionsText);
    requireToken();
    // Validate (and normalize) before the cache lookup and before any request.
    const pager = createPager(op, validateParams(op, params), { maxPages: 1 });
    const pageParams = pager.next()!;
    key = cacheKey([baseUrl(), op.id, pageParams, options]);
    const cached = cacheGet<Cell[][]>(key);
    if (cached) return cached;
    const env = callSync(op, pageParams, CUSTOM_FUNCTION_POLICY, CUSTOM_FUNCTION_DEADLINE_MS);
    const { header, rows } = toTable(op, pager.accept(env.data).items, options.raw);
    const table = options.header ? [header, ...rows] : rows;
    result = table.length ? table : [['(no results)']];
  } catch (err) {
    throw new Error(describeError(err));
  }
  try {
    cachePut(key, result);
  } catch (err) {
    Logger.log(`XHS cache: result not cached (${describeError(err)}); the next recalculation fetches again.`);
  }
  return result;
}

function present(params: Record<string, unknown>): Record<string, unknown> {
  // Blank optional arguments fall back to the catalog's defaults.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) out[k] = v;
  return out;
}

export function XHS_SEARCH_USERS(keyword: unknown, page?: unknown, options?: unknown): Cell[][] {
  const op = findOperation('xiaohongshu.searchUsers', undefined, documentedOperations);
  return pageTable(op, present({ keyword, page }), options);
}

export function XHS_NOTE_FEED(feedId?: unknown, page?: unknown, options?: unknown): Cell[][] {
  const op = findOperation('xiaohongshu.getNoteFeed', undefined, documentedOperations);
  return pageTable(op, present({ oid: feedId, page }), options);
}
