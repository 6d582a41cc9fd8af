import {
  createRun,
  runSync,
  type HttpAnswer,
  type OperationSpec,
  type ParamValue,
  type PreparedRequest,
} from '@justoneapi/sdk/core';
import { cacheGet, cacheKey, cachePut } from './cache';
import type { Options } from './custom-functions';
import { describeError, type ErrorContext } from './messages';
import { columnsTable } from './rows-table';
import { baseUrl, tokenHash } from './settings';
import { toTable, type Cell } from './table';
import { send } from './transport';

// Custom functions must finish within 30 s: one retry at most, after a wait of at most 3 s (whatever
// Retry-After asks), and no retry and no further page that would start after 20 s.
const CUSTOM_FUNCTION_POLICY = { maxRetries: 1, maxDelayMs: 3_000 };
const CUSTOM_FUNCTION_DEADLINE_MS = 20_000;

/** What a formula's run got: its items, its pages, and why it stopped early (after at least one page). */
export interface FormulaRun {
  items: unknown[];
  pages: number;
  stopped?: { error: unknown } | { slow: true };
}

class TooSlow extends Error {}

/**
 * A formula's pages, through the core's run engine driven by runSync (UrlFetchApp.fetch, Utilities.sleep).
 * Each page's `data` is cached (6 h) by base URL, a hash of the token, operation and parameters: the
 * engine takes a cached page as answered (counted as cached, nothing sent), so a recalculation never
 * re-bills and one account's results are never served to another. An error before the first page is
 * thrown; after it, the run stops there and says why, with the items it got.
 * In the menu bundle: a formula decodes it only when its finished table is not cached.
 */
export function fetchPages(
  op: OperationSpec,
  params: Record<string, unknown>,
  pages: number,
  acknowledge: string[],
  token: string,
): FormulaRun {
  const base = baseUrl();
  const account = tokenHash(token);
  const deadline = Date.now() + CUSTOM_FUNCTION_DEADLINE_MS;
  const keyOf = (p: Record<string, ParamValue>) => cacheKey([base, account, op.id, p]);
  let current: PreparedRequest | undefined;
  let hit = false;
  let fetched = 0;
  const run = createRun(op, params, {
    baseUrl: base,
    token,
    acknowledge,
    policy: CUSTOM_FUNCTION_POLICY,
    now: () => Date.now(),
    deadline,
    maxPages: pages,
    cached: (req): HttpAnswer | undefined => {
      current = req;
      const kept = cacheGet<{ data: unknown }>(keyOf(req.params));
      hit = kept !== undefined;
      return kept && { status: 200, body: JSON.stringify({ code: 0, data: kept.data }) };
    },
  });
  const io = {
    send: (req: PreparedRequest) => send(req, token),
    sleep: (ms: number) => Utilities.sleep(ms),
    cancelled: () => (fetched > 0 && Date.now() >= deadline ? new TooSlow() : undefined),
  };
  const out: FormulaRun = { items: [], pages: 0 };
  try {
    for (const page of runSync(run, io)) {
      out.pages++;
      const data = page.data;
      out.items.push(...(op.pagination ? page.items : Array.isArray(data) ? data : [data]));
      if (hit) continue;
      fetched++;
      try {
        cachePut(keyOf(current!.params), { data });
      } catch (err) {
        Logger.log(
          `Just One API cache: result not cached (${describeError(err)}); the next recalculation fetches again.`,
        );
      }
    }
  } catch (error) {
    if (out.pages === 0) throw error;
    out.stopped = error instanceof TooSlow ? { slow: true } : { error };
  }
  return out;
}

/** The last row of a formula whose run stopped after `got` pages: where, why, and that nothing is lost. */
function stoppedRow(got: number, pages: number, why: string, width: number): Cell[] {
  const above = got === 1 ? 'page 1' : `pages 1–${got}`;
  const text = `Stopped on page ${got + 1} of ${pages}: ${why} The rows above are ${above} (cached: recalculating does not pay for them again, and asks again from page ${got + 1}).`;
  return [text, ...Array.from({ length: Math.max(0, width - 1) }, () => '')];
}

/**
 * A formula's table from its run: the record columns (or, raw, every field; or the columns it names),
 * and, when the run stopped after some pages, a last row saying where and why (`stopped`: not to be
 * cached as a finished table).
 */
export function formulaTable(
  op: OperationSpec,
  params: Record<string, unknown>,
  pages: number,
  options: Options,
  columns: string,
  token: string,
  ctx: ErrorContext,
): { table: Cell[][]; stopped: boolean } {
  const { items, pages: got, stopped } = fetchPages(op, params, pages, options.acknowledge, token);
  const { header, rows } = columns ? columnsTable(op, items, columns) : toTable(op, items, options.raw);
  const table = options.header ? [header, ...rows] : rows;
  if (stopped) {
    const why =
      'slow' in stopped
        ? `the ${got} page(s) fetched took the formula's time (30 s at most).`
        : describeError(stopped.error, ctx);
    return { table: [...table, stoppedRow(got, pages, why, table[0]?.length ?? 1)], stopped: true };
  }
  return { table: table.length && table[0]!.length ? table : [['(no results)']], stopped: false };
}
