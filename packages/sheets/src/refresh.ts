import {
  createPager,
  decodeAnswer,
  prepareRequest,
  retryDelay,
  validateParams,
  type Pager,
  type PreparedRequest,
} from '@justoneapi/sdk/core';
import { describeError } from './call';
import { readJobs, writeStatus, mainParam, type Job } from './jobs';
import { baseUrl, requireToken } from './settings';
import { toTable, type Cell } from './table';
import { sendAll } from './transport';

// Apps Script stops a run at 6 minutes. No round of requests and no retry wait starts after 4.5:
// the 90 s left cover a last round (UrlFetchApp gives up on a request after about a minute) and
// writing the tables and status lines.
const RUN_LIMIT_MS = 6 * 60_000;
const RESERVE_MS = 90_000;
const DEFAULT_BUDGET_MS = RUN_LIMIT_MS - RESERVE_MS;
const MAX_RETRIES = 2;

interface JobState {
  job: Job;
  pager?: Pager;
  items: unknown[];
  pageOf: number[];
  pagesFetched: number;
  retry: number;
  done: boolean;
  error?: unknown;
  stopped?: boolean;
}

export interface RefreshReport {
  refreshed: Array<{ target: string; rows: number }>;
  failed: Array<{ target: string; error: string }>;
  stopped: string[];
}

function budgetMs(): number {
  const configured = Number(PropertiesService.getScriptProperties().getProperty('JUSTONEAPI_TIME_BUDGET_MS'));
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_BUDGET_MS;
}

/**
 * Sheets reads a written string as a formula ("=_=") or a number ("63498939967") unless its cell is
 * plain text ('@'). Columns holding text get '@'; numeric and boolean ones (likes, followers) stay
 * 'General', so they remain numbers. The header row is text.
 */
function numberFormats(values: Cell[][]): string[][] {
  const text = values[0]!.map((_, c) =>
    values.some((row, r) => r > 0 && typeof row[c] === 'string' && row[c] !== ''),
  );
  return values.map((row, r) => row.map((_, c) => (r === 0 || text[c] ? '@' : 'General')));
}

function writeTable(name: string, values: Cell[][]): void {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = book.getSheetByName(name) ?? book.insertSheet(name);
  sheet.clearContents();
  sheet
    .getRange(1, 1, values.length, values[0]!.length)
    .setNumberFormats(numberFormats(values))
    .setValues(values);
}

/**
 * Runs every job of the config sheet. Pages are fetched in rounds: one UrlFetchApp.fetchAll with the
 * next page of every unfinished job, so jobs run in parallel; retryable failures (301, 302, 5xx,
 * network) are retried in the next round after a backoff. Each finished job's sheet is overwritten
 * with one setValues; a failed or unfinished job keeps its previous table and gets a status line.
 */
export function refreshAll(): RefreshReport {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) throw new Error('A refresh is already running; try again in a minute.');
  try {
    const token = requireToken();
    const base = baseUrl();
    const started = Date.now();
    const runAt = new Date(started).toISOString();
    const { jobs, invalid } = readJobs();
    for (const bad of invalid) writeStatus(bad.row, runAt, '', `error: ${bad.error}`);

    const states: JobState[] = jobs.map((job) => {
      const state: JobState = { job, items: [], pageOf: [], pagesFetched: 0, retry: 0, done: false };
      try {
        state.pager = createPager(job.op, validateParams(job.op, { [mainParam(job.op)]: job.value }), {
          maxPages: job.pages,
        });
      } catch (err) {
        state.error = err;
      }
      return state;
    });

    // Checked before every round and before every wait (so also right after each fetchAll).
    const deadline = started + budgetMs();
    let wait = 0;
    for (;;) {
      const active = states.filter((s) => !s.done && s.error === undefined);
      if (active.length === 0) break;
      if (Date.now() + wait > deadline) {
        active.forEach((s) => (s.stopped = true));
        break;
      }
      if (wait > 0) Utilities.sleep(wait);
      wait = 0;
      const batch: Array<{ state: JobState; req: PreparedRequest }> = active.map((state) => ({
        state,
        req: prepareRequest(state.job.op, state.pager!.next()!, { baseUrl: base, token }),
      }));
      const answers = sendAll(
        batch.map((b) => b.req),
        token,
      );
      batch.forEach(({ state, req }, i) => {
        try {
          const a = answers[i]!;
          if (a instanceof Error) throw a;
          const env = decodeAnswer(state.job.op, a, Date.now(), token);
          const page = Number(req.params[state.job.op.pagination!.pageParam]);
          const result = state.pager!.accept(env.data);
          state.items.push(...result.items);
          state.pageOf.push(...result.items.map(() => page));
          state.pagesFetched++;
          state.retry = 0;
          if (result.done || !state.pager!.next()) state.done = true;
        } catch (err) {
          const delay = retryDelay(err, state.retry, { maxRetries: MAX_RETRIES });
          if (delay === undefined) state.error = err;
          else {
            state.retry++;
            wait = Math.max(wait, delay);
          }
        }
      });
    }

    const report: RefreshReport = { refreshed: [], failed: [], stopped: [] };
    for (const s of states) {
      const { job } = s;
      if (s.error !== undefined) {
        const error = describeError(s.error);
        writeStatus(job.row, runAt, '', `error: ${error} (previous table kept)`);
        report.failed.push({ target: job.target, error });
      } else if (s.stopped) {
        writeStatus(
          job.row,
          runAt,
          '',
          `not refreshed: stopped at the time limit after ${s.pagesFetched} page(s); run Refresh again (previous table kept)`,
        );
        report.stopped.push(job.target);
      } else {
        const extra = s.pageOf.map((page) => ({ fetched_at: runAt, page }));
        const { header, rows } = toTable(job.op, s.items, false, extra);
        writeTable(job.target, [header.length ? header : ['fetched_at'], ...rows]);
        writeStatus(job.row, runAt, rows.length, 'ok');
        report.refreshed.push({ target: job.target, rows: rows.length });
      }
    }
    return report;
  } finally {
    lock.releaseLock();
  }
}

export function summarize(report: RefreshReport): string {
  const lines = [
    ...report.refreshed.map((r) => `✓ ${r.target}: ${r.rows} rows`),
    ...report.failed.map((f) => `✗ ${f.target}: ${f.error}`),
    ...report.stopped.map((t) => `… ${t}: not refreshed (time limit); run Refresh again`),
  ];
  return lines.length ? lines.join('\n') : 'No jobs in the "Just One API" sheet.';
}
