import {
  createPager,
  decodeAnswer,
  prepareRequest,
  retryDelay,
  validateParams,
  type HttpAnswer,
  type Pager,
  type ParamValue,
  type PreparedRequest,
} from '@justoneapi/sdk/core';
import { cacheGet, cacheKey, cachePut, cacheRemove } from './cache';
import { CONFIG_SHEET, MARK_TARGET, mainParam, readJobs, targetProblem, writeStatus, type Job } from './jobs';
import { describeError } from './messages';
import { countFetches, type FetchCount } from './quota';
import { baseUrl, requireToken, tokenHash } from './settings';
import { DATE_FORMAT, isDate, toTable, type Cell } from './table';
import { sendBatch, send, URLFETCH_TIMEOUT_MS } from './transport';

// Apps Script stops a run at 6 minutes. Every wait (a fetchAll batch, a single request, a retry sleep)
// is counted against the budget before it starts, at its worst case (a request: UrlFetch's 60 s
// timeout), and must end by 5½ minutes; the last 30 s are for writing tables and status lines.
const RUN_LIMIT_MS = 6 * 60_000;
const WRITE_RESERVE_MS = 30_000;
const DEFAULT_BUDGET_MS = RUN_LIMIT_MS - WRITE_RESERVE_MS;
export const MAX_RETRIES = 2;
export const STOPPED = 'not refreshed: time limit, run again';

interface JobState {
  job: Job;
  pager?: Pager;
  /** Raw `data` of each page fetched, kept so a run stopped at the time limit resumes without re-billing. */
  pages: unknown[];
  items: unknown[];
  pageOf: number[];
  retry: number;
  /** Its last batch was lost (fetchAll threw): send it alone, so it cannot sink the others again. */
  solo: boolean;
  done: boolean;
  error?: unknown;
  stopped?: boolean;
  resumeKey: string;
  /** The parameters of an operation without pages (one request). */
  single?: Record<string, ParamValue>;
}

export interface RefreshReport {
  refreshed: Array<{ target: string; rows: number }>;
  failed: Array<{ target: string; error: string }>;
  stopped: string[];
  /** Pages fetched in this run (a continuation without progress is not chained again). */
  pagesFetched: number;
  fetches: FetchCount;
}

function budgetMs(): number {
  const configured = Number(PropertiesService.getScriptProperties().getProperty('JUSTONEAPI_TIME_BUDGET_MS'));
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_BUDGET_MS;
}

/**
 * Sheets reads a written string as a formula ("=_=") or a number ("63498939967") unless its cell is
 * plain text ('@'). Columns holding text get '@'; dates get a date format (shown in the spreadsheet's
 * time zone); numeric and boolean ones (likes, followers) stay 'General'. The header row is text.
 */
function numberFormats(values: Cell[][]): string[][] {
  const text = values[0]!.map((_, c) =>
    values.some((row, r) => r > 0 && typeof row[c] === 'string' && row[c] !== ''),
  );
  return values.map((row, r) =>
    row.map((v, c) => (r === 0 || text[c] ? '@' : isDate(v) ? DATE_FORMAT : 'General')),
  );
}

function writeTable(name: string, values: Cell[][]): void {
  const problem = targetProblem(name);
  if (problem) throw new Error(problem);
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(name);
  if (!sheet) {
    sheet = book.insertSheet(name);
    sheet.addDeveloperMetadata(MARK_TARGET);
  }
  sheet.clearContents();
  sheet
    .getRange(1, 1, values.length, values[0]!.length)
    .setNumberFormats(numberFormats(values))
    .setValues(values);
}

/**
 * Runs the jobs of the config sheet (all, or only those `only` keeps). Pages are fetched in rounds: one
 * UrlFetchApp.fetchAll with the next page of every unfinished job. Retryable failures (301, 302, 5xx,
 * network, timeout) are retried after a backoff; when a batch is lost (fetchAll throws, every answer
 * gone), its requests are sent again one by one, each budgeted on its own. Each finished job's sheet is
 * overwritten with one setValues; every job ends with a status line ("ok", "error: …", or "not
 * refreshed: time limit, run again", in which case its fetched pages are kept for the next run).
 */
export function refreshAll(only?: (job: Job) => boolean): RefreshReport {
  const started = Date.now();
  const deadline = started + budgetMs();
  const fits = (ms: number) => Date.now() + ms <= deadline;
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) throw new Error('A refresh is already running; try again in a minute.');
  try {
    const runAt = new Date(started);
    const read = readJobs();
    const jobs = only ? read.jobs.filter(only) : read.jobs;
    for (const bad of read.invalid) writeStatus(bad.row, runAt, '', `error: ${bad.error}`);
    const report: RefreshReport = {
      refreshed: [],
      failed: read.invalid.map((b) => ({ target: `row ${b.row}`, error: b.error })),
      stopped: [],
      pagesFetched: 0,
      fetches: countFetches(0),
    };
    let token: string;
    try {
      token = requireToken('menu');
    } catch (err) {
      for (const job of jobs) {
        writeStatus(job.row, runAt, '', `error: ${describeError(err)}`);
        report.failed.push({ target: job.target, error: describeError(err) });
      }
      return report;
    }
    const base = baseUrl();
    const account = tokenHash(token);
    let fetches = 0;

    const states: JobState[] = jobs.map((job) => {
      const state: JobState = {
        job,
        pages: [],
        items: [],
        pageOf: [],
        retry: 0,
        solo: false,
        done: false,
        resumeKey: '',
      };
      try {
        const main = mainParam(job.op);
        const params = validateParams(job.op, {
          ...job.params,
          ...(main && job.value !== '' ? { [main]: job.value } : {}),
        });
        state.resumeKey = cacheKey(['resume', base, account, job.op.id, params, job.pages]);
        if (job.op.pagination) state.pager = createPager(job.op, params, { maxPages: job.pages });
        else state.single = params;
        // Pages a previous run fetched before it stopped at the time limit: replayed, not re-sent.
        const saved = job.previous.startsWith(STOPPED.slice(0, 14))
          ? cacheGet<{ pages: unknown[] }>(state.resumeKey)
          : undefined;
        for (const data of saved?.pages ?? []) if (state.pager) accept(state, data);
      } catch (err) {
        state.error = err;
      }
      return state;
    });
    for (const s of states) if (s.error === undefined) writeStatus(s.job.row, runAt, '', 'running…');

    const nextParams = (s: JobState) => {
      return s.pager ? s.pager.next() : s.single;
    };
    function accept(s: JobState, data: unknown): void {
      s.pages.push(data);
      if (!s.pager) {
        s.items.push(...(Array.isArray(data) ? data : [data]));
        s.pageOf.push(...s.items.map(() => 1));
        s.done = true;
        return;
      }
      const result = s.pager.accept(data);
      s.items.push(...result.items);
      s.pageOf.push(...result.items.map(() => result.page));
      if (result.done || !s.pager.next()) s.done = true;
    }
    let wait = 0;
    const fail = (s: JobState, err: unknown, lost: boolean) => {
      const delay = retryDelay(err, s.retry, { maxRetries: MAX_RETRIES });
      if (delay === undefined) s.error = err;
      else {
        s.retry++;
        s.solo ||= lost;
        wait = Math.max(wait, delay);
      }
    };
    const handle = (s: JobState, answer: HttpAnswer) => {
      try {
        const env = decodeAnswer(s.job.op, answer, Date.now(), token);
        accept(s, env.data);
        report.pagesFetched++;
        s.retry = 0;
        s.solo = false;
      } catch (err) {
        fail(s, err, false);
      }
    };
    const prepare = (s: JobState) => prepareRequest(s.job.op, nextParams(s), { baseUrl: base, token });

    for (;;) {
      const active = states.filter((s) => !s.done && s.error === undefined && !s.stopped);
      if (active.length === 0) break;
      if (wait > 0) {
        // A retry sleep is only worth starting if the request after it fits too.
        if (!fits(wait + URLFETCH_TIMEOUT_MS)) {
          active.forEach((s) => (s.stopped = true));
          break;
        }
        Utilities.sleep(wait);
        wait = 0;
      }
      const batch = active.filter((s) => !s.solo);
      const alone = active.filter((s) => s.solo);
      if (batch.length === 1) alone.unshift(batch.pop()!);
      if (batch.length > 0) {
        if (!fits(URLFETCH_TIMEOUT_MS)) {
          active.forEach((s) => (s.stopped = true));
          break;
        }
        const reqs = batch.map(prepare);
        fetches += reqs.length;
        try {
          const answers = sendBatch(reqs, token);
          batch.forEach((s, i) => handle(s, answers[i]!));
        } catch (err) {
          // Every answer of the batch is lost (billed or not, nobody knows): these may be sent again,
          // since the failure is retryable, but alone, each budgeted on its own.
          batch.forEach((s) => fail(s, err, true));
        }
      }
      for (const s of alone) {
        if (!fits(URLFETCH_TIMEOUT_MS)) {
          s.stopped = true;
          continue;
        }
        const req: PreparedRequest = prepare(s);
        fetches++;
        try {
          handle(s, send(req, token));
        } catch (err) {
          fail(s, err, true);
        }
      }
    }

    report.fetches = countFetches(fetches);
    for (const s of states) {
      const { job } = s;
      try {
        if (s.error !== undefined) throw s.error;
        if (s.stopped) {
          try {
            if (s.pages.length) cachePut(s.resumeKey, { pages: s.pages });
          } catch (err) {
            Logger.log(`Just One API: fetched pages not kept (${describeError(err)}).`);
          }
          writeStatus(
            job.row,
            runAt,
            '',
            `${STOPPED} (previous table kept; ${s.pages.length} page(s) fetched are kept for the next run)`,
          );
          report.stopped.push(job.target);
          continue;
        }
        const extra = s.pageOf.map((page) => ({ fetched_at: runAt as Cell, page }));
        const { header, rows } = toTable(job.op, s.items, false, extra);
        writeTable(job.target, [header.length ? header : ['fetched_at'], ...rows]);
        writeStatus(job.row, runAt, rows.length, 'ok');
        report.refreshed.push({ target: job.target, rows: rows.length });
      } catch (err) {
        const error = describeError(err);
        writeStatus(job.row, runAt, '', `error: ${error} (previous table kept)`);
        report.failed.push({ target: job.target, error });
      }
      if (!s.stopped && s.resumeKey) {
        try {
          cacheRemove(s.resumeKey);
        } catch {
          /* expires by itself */
        }
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
    ...report.stopped.map((t) => `… ${t}: ${STOPPED}`),
  ];
  if (lines.length === 0) return `No jobs in the "${CONFIG_SHEET}" sheet.`;
  const f = report.fetches;
  lines.push(
    `UrlFetch calls: ${f.run} in this refresh; ${f.today} today (of ${f.quota.toLocaleString('en-US')} a day).`,
  );
  return lines.join('\n');
}
