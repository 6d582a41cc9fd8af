import {
  closest,
  countProblem,
  toNumber,
  validateParams,
  ValidationError,
  type OperationSpec,
} from '@justoneapi/sdk/core';
import { BUILD_ID } from './build-id';
import { cacheGet, cachePut, cacheKey } from './cache';
import { operationById, operationIds } from './catalog';
import { operationFor } from './operations';
import { menu } from './lazy';
import { describeError, type ErrorContext } from './messages';
import { baseUrl, getToken, requireToken, tokenHash } from './settings';
import { isDate } from './is-date';
import type { Cell } from './table';

export interface Options {
  header: boolean;
  raw: boolean;
  /** The vendor's danger highlights accepted ("acknowledge:direct-api-call"): without, such a call is refused. */
  acknowledge: string[];
}

/** Options such as "noheader", "raw", "acknowledge:direct-api-call" or "noheader, raw" (case and spaces ignored). */
export function parseOptions(text: unknown): Options {
  const options: Options = { header: true, raw: false, acknowledge: [] };
  if (text === undefined || text === null || text === '') return options;
  for (const word of String(text)
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    if (word === 'noheader') options.header = false;
    else if (word === 'raw') options.raw = true;
    else if (word.startsWith('acknowledge:')) options.acknowledge.push(word.slice('acknowledge:'.length));
    else
      throw new ValidationError(
        `Unknown option "${word}": use "noheader", "raw" and/or "acknowledge:<name>".`,
        'options',
      );
  }
  return options;
}

/** Most pages one formula may ask for: each is a paid call, and all must fit in 30 s. */
export const MAX_FORMULA_PAGES = 10;

/** Tables that end with a "stopped on page N" row: never cached as finished, so a recalculation asks again. */
const partial = new WeakSet<Cell[][]>();

/**
 * An operation's result as a 2-D array, made by formula-run.ts (the run engine, the page cache, the
 * table) once the arguments are valid. Errors are never cached and become the cell's error text; a run
 * that fails after some pages shows their rows, then a last row saying on which page it stopped and why.
 */
export function runFormula(
  op: OperationSpec,
  params: Record<string, unknown>,
  pages: number,
  optionsText: unknown,
  ctx: ErrorContext,
  columnsText = '',
): Cell[][] {
  try {
    const options = parseOptions(optionsText);
    // "columns" (the core's syntax) is checked before any request; its rows code comes with the menu bundle.
    const columns = columnsText.trim();
    if (columns && options.raw)
      throw new ValidationError('"columns" and the "raw" option do not go together.', 'columns');
    if (columns) menu().rows.checkColumns(columns);
    const token = requireToken('formula');
    // Validated here, so a bad argument costs no decoding of the menu bundle (where the run is).
    validateParams(op, params, { acknowledge: options.acknowledge });
    const { table, stopped } = menu().formula.formulaTable(op, params, pages, options, columns, token, ctx);
    if (stopped) partial.add(table);
    return table;
  } catch (err) {
    throw new Error(describeError(err, ctx));
  }
}

/**
 * A formula's finished table, cached by the arguments as the cell passes them (with the function, the
 * build, the base URL and a hash of the token): a recalculation returns it without decoding the
 * catalog, validating or mapping records, which a fresh execution would otherwise compile and run for
 * every cell (a formula's cold start). On a miss, `compute` runs: validation, the page cache, the request.
 * Errors are never cached. Date cells are stored as their position and come back as dates.
 */
function cachedTable(fn: string, args: unknown[], compute: () => Cell[][]): Cell[][] {
  const token = getToken();
  if (!token) return compute();
  const key = cacheKey(['table', BUILD_ID, fn, baseUrl(), tokenHash(token), args]);
  const hit = cacheGet<{ table: Cell[][]; dates: Array<[number, number]> }>(key);
  if (hit) {
    for (const [r, c] of hit.dates) hit.table[r]![c] = new Date(hit.table[r]![c] as string);
    return hit.table;
  }
  const table = compute();
  if (partial.has(table)) return table;
  const dates: Array<[number, number]> = [];
  table.forEach((row, r) => row.forEach((v, c) => isDate(v) && dates.push([r, c])));
  try {
    cachePut(key, { table, dates });
  } catch {
    // Not logged: the pages are cached (or their failure was logged), so a recalculation does not re-bill.
  }
  return table;
}

function present(params: Record<string, unknown>): Record<string, unknown> {
  // Blank optional arguments fall back to the catalog's defaults.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) out[k] = v;
  return out;
}

export function XHS_SEARCH_USERS(keyword: unknown, page?: unknown, options?: unknown): Cell[][] {
  return cachedTable('XHS_SEARCH_USERS', [keyword, page, options], () => {
    const op = operationById('xiaohongshu.searchUsers')!;
    return runFormula(op, present({ keyword, page }), 1, options, { fn: 'XHS_SEARCH_USERS' });
  });
}

export function XHS_NOTE_FEED(feedId?: unknown, page?: unknown, options?: unknown): Cell[][] {
  return cachedTable('XHS_NOTE_FEED', [feedId, page, options], () => {
    const op = operationById('xiaohongshu.getNoteFeed')!;
    return runFormula(op, present({ oid: feedId, page }), 1, options, {
      fn: 'XHS_NOTE_FEED',
      names: { oid: 'feed_id' },
    });
  });
}

/**
 * The operation a formula names: its id ("douyin.searchVideoV4") or another of its names. Unknown names
 * error with the closest id and where to look them up.
 */
function namedOperation(name: unknown): OperationSpec {
  const text = String(name ?? '').trim();
  const op = text ? operationFor(text) : undefined;
  if (op) return op;
  const ids = operationIds();
  const guess = text
    ? closest(
        text,
        ids.map((value) => ({ value, aliases: [] })),
      )
    : undefined;
  throw new ValidationError(
    `${text ? `Unknown operation "${text}".` : 'operation is required.'}${guess ? ` Did you mean "${guess}"?` : ''} See Just One API > Operations reference.`,
    'operation',
  );
}

/**
 * Arguments after the operation: name, value pairs ("keyword", "咖啡", "page", 2), and/or ranges of two
 * columns (name | value). Blank names are skipped. "pages" (how many pages, de-duplicated across them),
 * "options" and "columns" are the formula's own, unless the operation has a parameter of that name.
 */
export function parseArguments(
  op: OperationSpec,
  args: unknown[],
): { params: Record<string, unknown>; pages: number; options: unknown; columns: string } {
  const pairs: Array<[unknown, unknown]> = [];
  const loose: unknown[] = [];
  for (const arg of args) {
    if (Array.isArray(arg)) {
      for (const row of arg as unknown[][]) {
        if (!Array.isArray(row) || row.length < 2)
          throw new ValidationError(
            'A parameter range must have two columns: name, then value.',
            'parameters',
          );
        if (String(row[0] ?? '').trim() !== '') pairs.push([row[0], row[1]]);
      }
    } else loose.push(arg);
  }
  while (loose.length && (loose[loose.length - 1] === undefined || loose[loose.length - 1] === ''))
    loose.pop();
  if (loose.length % 2 === 1)
    throw new ValidationError(
      `Parameters come in name, value pairs; "${String(loose[loose.length - 1])}" has no value.`,
      'parameters',
    );
  for (let i = 0; i < loose.length; i += 2) pairs.push([loose[i], loose[i + 1]]);
  const own = new Set(op.params.map((p) => p.name));
  const params: Record<string, unknown> = {};
  let pages: unknown = 1;
  let options: unknown;
  let columns = '';
  for (const [rawName, value] of pairs) {
    const name = String(rawName).trim();
    if (name === 'pages' && !own.has('pages')) pages = value;
    else if (name === 'options' && !own.has('options')) options = value;
    else if (name === 'columns' && !own.has('columns')) columns = String(value ?? '');
    else if (value !== '' && value !== undefined && value !== null) params[name] = value;
  }
  const raw = pages === '' || pages === undefined ? 1 : pages;
  const n = toNumber(raw);
  if (countProblem(raw) || n > MAX_FORMULA_PAGES)
    throw new ValidationError(
      `pages must be a whole number from 1 to ${MAX_FORMULA_PAGES}, got ${JSON.stringify(pages)}.`,
      'pages',
    );
  if (n > 1 && !op.pagination)
    throw new ValidationError(`${op.id} has no pages: leave "pages" out.`, 'pages');
  return { params, pages: n, options, columns };
}

/** =JUSTONEAPI(operation, name, value, …): any operation of the catalog, as a table. */
export function JUSTONEAPI(operation: unknown, ...args: unknown[]): Cell[][] {
  return cachedTable('JUSTONEAPI', [operation, ...args], () => anyOperation(operation, args));
}

function anyOperation(operation: unknown, args: unknown[]): Cell[][] {
  let op: OperationSpec;
  let parsed: ReturnType<typeof parseArguments>;
  try {
    op = namedOperation(operation);
    parsed = parseArguments(op, args);
  } catch (err) {
    throw new Error(describeError(err, { fn: 'JUSTONEAPI' }));
  }
  return runFormula(op, parsed.params, parsed.pages, parsed.options, { fn: 'JUSTONEAPI' }, parsed.columns);
}
