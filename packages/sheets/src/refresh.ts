import {
  type BudgetExceededError,
  estimateRequests,
  formatEstimate,
  formatUsage,
  runBatched,
  type RunEnd,
  type Usage,
} from '@justoneapi/sdk/core';
import { CONFIG_SHEET, type Job, readJobs, statusWriter } from './jobs';
import { describeError } from './messages';
import { countFetches, type FetchCount } from './quota';
import { finishJob, STOPPED } from './refresh-finish';
import { refreshIo, TimeLimit } from './refresh-io';
import { endJob, acceptPage, jobState, MAX_RETRIES, type JobState } from './refresh-job';
import { baseUrl, requireToken, tokenHash } from './settings';
import { describeCaps, perDayCap, perRefreshCap, refreshLedgers, requestsToday, saveToday } from './spend';

export { MAX_RETRIES } from './refresh-job';
export { ID_COLUMN } from './refresh-sheets';
export { STOPPED };

// Apps Script stops a run at 6 minutes. Every round (its retry wait, then a fetchAll or the requests
// sent alone) is counted against the budget before it starts, at its worst case (a request: UrlFetch's
// 60 s timeout), and must end by 5½ minutes; the last 30 s are for writing tables and status lines.
const RUN_LIMIT_MS = 6 * 60_000;
const WRITE_RESERVE_MS = 30_000;
const DEFAULT_BUDGET_MS = RUN_LIMIT_MS - WRITE_RESERVE_MS;

export interface RefreshReport {
  refreshed: Array<{ target: string; rows: number; usage: string }>;
  failed: Array<{ target: string; error: string }>;
  stopped: string[];
  /** Jobs a request cap stopped: before their first request (`page` undefined) or mid-way. */
  capped: Array<{ target: string; page?: number }>;
  /** The cap that stopped the refresh, as people read it. */
  cap?: string;
  /** Pages fetched in this run (a continuation without progress is not chained again). */
  pagesFetched: number;
  fetches: FetchCount;
  /** What the whole refresh spent. */
  usage?: Usage;
  maxRequests: number;
  /** Requests sent today (this refresh included), and the per-day cap. */
  today: number;
  maxPerDay: number;
}

function budgetMs(): number {
  const configured = Number(PropertiesService.getScriptProperties().getProperty('JUSTONEAPI_TIME_BUDGET_MS'));
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_BUDGET_MS;
}

/**
 * Runs the jobs of the config sheet (all, or only those `only` keeps): one engine run per job, driven
 * in rounds by the core's runBatched (one UrlFetchApp.fetchAll with the next request of every unfinished
 * job; see refresh-io.ts for lost batches and the time budget). The engine counts every request into
 * the job's ledger, whose parents carry the per-refresh and per-day caps, refuses past them, retries
 * what can succeed on retry, pages and de-duplicates. A finished "replace" job's sheet is overwritten
 * with one setValues; an "append new" job appends only rows whose id its sheet (or its remembered ids)
 * does not have, and (stopAtSeen: jobs sheets made since, or its mode says so) stops at the first page
 * whose every item it has. A multi-page job interrupted by an error, a cap or the time limit keeps its resume
 * point, and the next refresh continues from the page it did not fetch.
 */
export function refreshAll(only?: (job: Job) => boolean): RefreshReport {
  const started = Date.now();
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) throw new Error('A refresh is already running; try again in a minute.');
  try {
    const runAt = new Date(started);
    const read = readJobs();
    const writeStatus = statusWriter(read.columns);
    const jobs = only ? read.jobs.filter(only) : read.jobs;
    for (const bad of read.invalid) writeStatus(bad.row, runAt, '', `error: ${bad.error}`, '');
    const ledgers = refreshLedgers();
    const report: RefreshReport = {
      refreshed: [],
      failed: read.invalid.map((b) => ({ target: `row ${b.row}`, error: b.error })),
      stopped: [],
      capped: [],
      pagesFetched: 0,
      fetches: countFetches(0),
      maxRequests: ledgers.run.maxRequests,
      today: ledgers.sentBefore,
      maxPerDay: ledgers.day.maxRequests,
    };
    let token: string;
    try {
      token = requireToken('menu');
    } catch (err) {
      for (const job of jobs) {
        writeStatus(job.row, runAt, '', `error: ${describeError(err)}`, '');
        report.failed.push({ target: job.target, error: describeError(err) });
      }
      return report;
    }
    const target = { baseUrl: baseUrl(), token, account: tokenHash(token), parent: ledgers.run };
    let active: JobState[] = [];
    const io = refreshIo(
      token,
      started + budgetMs(),
      () => active.filter((s) => !s.run!.done).length,
      () => saveToday(ledgers.day),
    );
    const states = jobs.map((job) => jobState(job, target, io.retryIn));
    for (const s of states) if (s.error === undefined) writeStatus(s.job.row, runAt, '', 'running…');
    active = states.filter((s) => s.run);
    try {
      for (const event of runBatched(
        active.map((s) => s.run!),
        io,
      )) {
        const s = active[event.job]!;
        if ('end' in event) endJob(s, event.end);
        else if (acceptPage(s, event.page, s.current && io.answerOf(s.current))) report.pagesFetched++;
      }
    } catch (err) {
      if (!(err instanceof TimeLimit)) throw err;
      // A run that ended in the last round says how; the others stop where they are.
      for (const s of active)
        if (s.end === undefined) {
          if (s.run!.done) endJob(s, s.run!.next() as RunEnd);
          else s.stopped = true;
        }
    }
    saveToday(ledgers.day);
    const capped = states.find((s) => s.capped)?.capped;
    const capText = (e: BudgetExceededError) =>
      `request cap ${e.scope === ledgers.day.scope ? 'per day' : 'per refresh'} reached (${e.sent} of ${e.maxRequests} requests sent)`;
    if (capped) report.cap = capText(capped);
    report.fetches = countFetches(io.fetches);
    for (const s of states) finishJob(s, { runAt, writeStatus, report, capText });
    report.usage = ledgers.run.snapshot();
    report.today = ledgers.day.usage.requests;
    return report;
  } finally {
    lock.releaseLock();
  }
}

export function summarize(report: RefreshReport): string {
  const lines = [
    ...report.refreshed.map((r) => `✓ ${r.target}: ${r.rows} rows · ${r.usage}`),
    ...report.failed.map((f) => `✗ ${f.target}: ${f.error}`),
    ...report.stopped.map((t) => `… ${t}: ${STOPPED}`),
  ];
  if (lines.length === 0 && report.capped.length === 0) return `No jobs in the "${CONFIG_SHEET}" sheet.`;
  if (report.cap) {
    const notRun = report.capped.filter((c) => c.page === undefined).map((c) => c.target);
    const midway = report.capped.filter((c) => c.page !== undefined);
    lines.push(
      `Stopped: ${report.cap}; nothing past it was sent.${notRun.length ? ` Not run: ${notRun.join(', ')}.` : ''}${midway.length ? ` Stopped mid-way: ${midway.map((c) => `${c.target} (continues next run from page ${c.page})`).join(', ')}.` : ''}`,
    );
  }
  const show = (n: number) => (Number.isFinite(n) ? String(n) : 'no cap');
  if (report.usage)
    lines.push(
      `This refresh: ${formatUsage(report.usage, report.maxRequests)}. Today: ${report.today} requests (cap ${show(report.maxPerDay)}).`,
    );
  const f = report.fetches;
  lines.push(
    `UrlFetch calls: ${f.run} in this refresh; ${f.today} today (of ${f.quota.toLocaleString('en-US')} a day).`,
  );
  return lines.join('\n');
}

/**
 * A dry run: the most requests the next refresh can make from the jobs' settings (pages × jobs, and
 * with every request retried), capped by the request caps. Nothing is sent.
 */
export function estimateRefresh(): string {
  const { jobs, invalid } = readJobs();
  const pages = jobs.reduce((n, job) => n + (job.op.pagination ? job.pages : 1), 0);
  const left = Math.max(0, perDayCap() - requestsToday());
  const cap = Math.min(perRefreshCap(), left);
  const lines = [
    `Jobs: ${jobs.length} (${pages} page(s) at most)${invalid.length ? `; ${invalid.length} row(s) with errors will not run` : ''}.`,
  ];
  if (pages === 0 || cap === 0)
    lines.unshift(
      `The next refresh sends no request${cap === 0 && pages ? ': the per-day cap is reached' : ''}.`,
    );
  else {
    const e = estimateRequests({
      paged: true,
      maxPages: pages,
      jobs: 1,
      maxRetries: MAX_RETRIES,
      ...(Number.isFinite(cap) ? { maxRequests: cap } : {}),
    });
    lines.unshift(`The next refresh sends ${formatEstimate(e)}. Nothing was sent to estimate this.`);
  }
  lines.push(describeCaps());
  return lines.join('\n');
}
