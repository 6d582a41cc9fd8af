import {
  type BudgetExceededError,
  formatUsage,
  itemKey,
  STOP_REASONS,
  ValidationError,
} from '@justoneapi/sdk/core';
import { cachePut, cacheRemove } from './cache';
import type { Job, statusWriter } from './jobs';
import { describeError } from './messages';
import { chinese } from './settings';
import type { RefreshReport } from './refresh';
import type { JobState } from './refresh-job';
import { appendTable, ID_COLUMN, writeTable } from './refresh-sheets';
import { columnsTable } from './rows-table';
import { rememberSeen, setResume } from './spend';
import { toTable, type Cell } from './table';

export const STOPPED = 'not refreshed: time limit, run again';

/**
 * An append-new job that stopped at a page it already had (the engine's `seen-before`), as its status
 * line says it: the core's reason, plus a Chinese line where the spreadsheet's locale is Chinese.
 */
function seenStop(s: JobState): { note: string; zh: string } {
  if (s.end?.reason !== 'seen-before') return { note: '', zh: '' };
  const page = s.offset + s.pages;
  return {
    note: `; stopped at page ${page} of ${s.job.pages}: ${STOP_REASONS['seen-before']}`,
    zh: chinese()
      ? ` / 第 ${page} 页（共 ${s.job.pages} 页）的每一项之前都已取得：不会有更新的内容，已停止`
      : '',
  };
}

/** What finishing a job needs from its refresh. */
export interface Finish {
  runAt: Date;
  writeStatus: ReturnType<typeof statusWriter>;
  report: RefreshReport;
  capText: (e: BudgetExceededError) => string;
}

/**
 * A job's table: the columns its "columns" cell names, else compact rows (jobs sheets made since "columns"
 * came), else the shape older jobs sheets have (record columns or every field flattened).
 */
const tableOf = (job: Job, items: unknown[], extra: Record<string, Cell>[]) =>
  job.columns || job.compact
    ? columnsTable(job.op, items, job.columns, extra)
    : toTable(job.op, items, false, extra);

/** A job's error as its status line says it: a danger refusal names the jobs sheet's own switch. */
function jobError(err: unknown): string {
  const reason = err instanceof ValidationError ? err.reason : undefined;
  if (reason?.kind === 'danger-unacknowledged' && reason.highlight)
    return `refused, nothing was sent or billed: the vendor warns "${reason.highlight.text}" To run this job anyway, write ${reason.highlight.acknowledge} in its "acknowledge" column.`;
  return describeError(err);
}

/**
 * Writes what a job's run got, its status line and usage, and moves its resume point: a replace job
 * overwrites its table once complete; an append-new job appends what it fetched even when stopped early,
 * and only then are its ids remembered and its resume point moved past it.
 */
export function finishJob(s: JobState, run: Finish): void {
  const { runAt, writeStatus, report, capText } = run;
  const { job } = s;
  const usage = formatUsage(s.ledger.usage);
  const complete = s.end !== undefined && s.end.error === undefined;
  const interrupted = !complete && (s.error !== undefined || !!s.stopped || !!s.capped);
  const badInput =
    s.error instanceof ValidationError || (s.error as Error | undefined)?.name === 'ItemIdError';
  // Where an interrupted multi-page job continues: the params of the page it did not fetch.
  const next = interrupted && s.run && job.op.pagination && !badInput ? s.run.resume : undefined;
  const done = s.offset + s.pages;
  const resumable = next !== undefined && done > 0;
  let rows = 0;
  let appended = '';
  /** Why this run's rows could not be appended: then they are neither remembered nor skipped. */
  let unwritten: unknown;
  if (job.mode === 'append' && s.run && job.op.pagination && !badInput) {
    try {
      // Append new: what this run fetched is appended even when it stopped early, and only then
      // are its ids remembered and its resume point moved past it.
      const extra = s.pageOf.map((page, i) => ({
        fetched_at: runAt as Cell,
        page,
        [ID_COLUMN]: itemKey(job.op, s.items[i]) ?? '',
      }));
      const { header, rows: table } = tableOf(job, s.items, extra);
      appendTable(job.target, header, table);
      rows = table.length;
      appended = `${rows} new row${rows === 1 ? '' : 's'} appended`;
      if (s.delivered.length) rememberSeen(s.seenStoreKey, s.delivered);
    } catch (err) {
      if (!appended) unwritten = err;
      else Logger.log(`Just One API: appended ids not remembered (${describeError(err)}).`);
    }
  }
  const resumeNote = resumable && !unwritten ? `; continues next run from page ${done + 1}` : '';
  try {
    if (s.error !== undefined) throw s.error;
    if (job.mode === 'replace' && !interrupted) {
      const extra = s.pageOf.map((page) => ({ fetched_at: runAt as Cell, page }));
      const { header, rows: table } = tableOf(job, s.items, extra);
      writeTable(job.target, [header.length ? header : ['fetched_at'], ...table]);
      rows = table.length;
    }
  } catch (err) {
    s.error ??= err;
  }
  if (unwritten !== undefined) s.error ??= unwritten;
  const kept =
    job.mode === 'append'
      ? appended ||
        (unwritten !== undefined && unwritten !== s.error
          ? `nothing appended: ${describeError(unwritten)}`
          : 'nothing appended')
      : `previous table kept${interrupted && s.pages && s.error === undefined ? `; ${s.pages} page(s) fetched are kept for the next run` : ''}`;
  if (s.error !== undefined) {
    const error = jobError(s.error);
    writeStatus(job.row, runAt, appended ? rows : '', `error: ${error}${resumeNote} (${kept})`, usage);
    report.failed.push({ target: job.target, error: `${error}${resumeNote}` });
  } else if (interrupted) {
    const why = s.capped ? `${done > 0 ? 'not refreshed' : 'not run'}: ${capText(s.capped)}` : STOPPED;
    writeStatus(job.row, runAt, appended ? rows : '', `${why} (${kept})${resumeNote}`, usage);
    if (s.capped) report.capped.push({ target: job.target, ...(resumable ? { page: done + 1 } : {}) });
    else report.stopped.push(job.target);
  } else {
    const restarted = s.restarted
      ? ' (the pages kept from the interrupted run had expired: fetched again)'
      : '';
    const stop = seenStop(s);
    const said = appended ? ` (${appended}${stop.note})` : '';
    writeStatus(job.row, runAt, rows, `ok${said}${restarted}${stop.zh}`, usage);
    report.refreshed.push({ target: job.target, rows, usage });
  }
  // Rows fetched but not written: the resume point stays where it was, so the next run fetches them again.
  if (!s.resumeId || unwritten !== undefined) return;
  // A completed job (or one that cannot continue) starts afresh next time.
  setResume(s.resumeId, resumable ? { next: next!, done } : undefined);
  try {
    if (resumable && job.mode === 'replace') cachePut(s.resumeKey, { pages: s.kept });
    else cacheRemove(s.resumeKey);
  } catch (err) {
    Logger.log(`Just One API: fetched pages not kept (${describeError(err)}).`);
  }
}
