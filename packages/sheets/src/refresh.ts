import {
  BudgetExceededError,
  createPager,
  decodeAnswer,
  estimateRequests,
  filterSeen,
  formatEstimate,
  formatUsage,
  itemKey,
  Ledger,
  prepareRequest,
  retryDelay,
  seenKey,
  validateParams,
  ValidationError,
  type HttpAnswer,
  type Pager,
  type ParamValue,
  type PreparedRequest,
  type Usage,
} from '@justoneapi/sdk/core';
import { cacheGet, cacheKey, cachePut, cacheRemove, hashKey } from './cache';
import {
  CONFIG_SHEET,
  MARK_TARGET,
  mainParam,
  readJobs,
  statusWriter,
  targetProblem,
  type Job,
} from './jobs';
import { describeError } from './messages';
import { countFetches, type FetchCount } from './quota';
import { baseUrl, requireToken, tokenHash } from './settings';
import {
  describeCaps,
  getResume,
  loadSeen,
  perDayCap,
  perRefreshCap,
  refreshLedgers,
  rememberSeen,
  requestsToday,
  saveToday,
  setResume,
} from './spend';
import { columnsTable } from './rows-table';
import { DATE_FORMAT, isDate, toTable, type Cell } from './table';

/**
 * A job's table: the columns its "columns" cell names, else compact rows (jobs sheets made since "columns"
 * came), else the shape older jobs sheets have (record columns or every field flattened).
 */
const tableOf = (job: Job, items: unknown[], extra: Record<string, Cell>[]) =>
  job.columns || job.compact
    ? columnsTable(job.op, items, job.columns, extra)
    : toTable(job.op, items, false, extra);
import { sendBatch, send, URLFETCH_TIMEOUT_MS } from './transport';

// Apps Script stops a run at 6 minutes. Every wait (a fetchAll batch, a single request, a retry sleep)
// is counted against the budget before it starts, at its worst case (a request: UrlFetch's 60 s
// timeout), and must end by 5½ minutes; the last 30 s are for writing tables and status lines.
const RUN_LIMIT_MS = 6 * 60_000;
const WRITE_RESERVE_MS = 30_000;
const DEFAULT_BUDGET_MS = RUN_LIMIT_MS - WRITE_RESERVE_MS;
export const MAX_RETRIES = 2;
export const STOPPED = 'not refreshed: time limit, run again';
/** The column an "append new" job's rows carry their item id in: what later runs compare with. */
export const ID_COLUMN = 'item_id';

interface JobState {
  job: Job;
  /** Counts what this job sends and receives; its parents are the refresh's and the day's (the caps). */
  ledger: Ledger;
  pager?: Pager;
  /** Raw `data` of each page fetched, kept so a replace job stopped early resumes without re-billing. */
  pages: unknown[];
  items: unknown[];
  pageOf: number[];
  /** Pages an interrupted "append new" job fetched in earlier runs (its rows are already appended). */
  offset: number;
  /** Append new: ids in the target sheet and remembered from earlier runs, and this run's new ones. */
  seen?: Set<string>;
  seenStoreKey: string;
  retry: number;
  /** Its last batch was lost (fetchAll threw): send it alone, so it cannot sink the others again. */
  solo: boolean;
  done: boolean;
  error?: unknown;
  stopped?: boolean;
  /** The request cap that stopped it before its next request. */
  capped?: BudgetExceededError;
  /** The resume point's key (document properties), stable across runs; `resumeKey` keys its cached pages. */
  resumeId: string;
  resumeKey: string;
  /** Why a kept resume point could not be used (its cached pages expired). */
  restarted?: boolean;
  /** The parameters of an operation without pages (one request). */
  single?: Record<string, ParamValue>;
}

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

function targetSheet(name: string): GoogleAppsScript.Spreadsheet.Sheet {
  const problem = targetProblem(name);
  if (problem) throw new Error(problem);
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(name);
  if (!sheet) {
    sheet = book.insertSheet(name);
    sheet.addDeveloperMetadata(MARK_TARGET);
  }
  return sheet;
}

function writeTable(name: string, values: Cell[][]): void {
  const sheet = targetSheet(name);
  sheet.clearContents();
  sheet
    .getRange(1, 1, values.length, values[0]!.length)
    .setNumberFormats(numberFormats(values))
    .setValues(values);
}

/** The header of a target sheet (trailing blanks left out). */
function headerOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): string[] {
  if (sheet.getLastRow() < 1 || sheet.getLastColumn() < 1) return [];
  const row = sheet
    .getRange(1, 1, 1, sheet.getLastColumn())
    .getValues()[0]!
    .map((v) => String(v ?? ''));
  while (row.length && row[row.length - 1] === '') row.pop();
  return row;
}

/** The item ids already in a target sheet's `item_id` column (none when it has no such column yet). */
function sheetIds(name: string): string[] {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name);
  if (!sheet || sheet.getLastRow() < 2) return [];
  const at = headerOf(sheet).indexOf(ID_COLUMN);
  if (at < 0) return [];
  return sheet
    .getRange(2, at + 1, sheet.getLastRow() - 1, 1)
    .getValues()
    .map((r) => String(r[0] ?? ''))
    .filter(Boolean);
}

/**
 * Appends rows below what the sheet has, never clearing anything: columns the sheet's header lacks are
 * added at its end, the rows are laid out in the sheet's column order, with one setValues.
 */
function appendTable(name: string, header: string[], rows: Cell[][]): void {
  const sheet = targetSheet(name);
  const existing = headerOf(sheet);
  if (existing.length === 0) {
    if (rows.length === 0) return;
    const values = [header, ...rows];
    sheet
      .getRange(1, 1, values.length, header.length)
      .setNumberFormats(numberFormats(values))
      .setValues(values);
    return;
  }
  const added = header.filter((c) => !existing.includes(c));
  if (added.length)
    sheet
      .getRange(1, existing.length + 1, 1, added.length)
      .setNumberFormat('@')
      .setValues([added]);
  if (rows.length === 0) return;
  const columns = [...existing, ...added];
  const laid = rows.map((r) => columns.map((c) => (header.includes(c) ? r[header.indexOf(c)]! : '')));
  const formats = numberFormats([columns, ...laid]).slice(1);
  sheet
    .getRange(sheet.getLastRow() + 1, 1, laid.length, columns.length)
    .setNumberFormats(formats)
    .setValues(laid);
}

/** A wrong "item id field" (no item of a page has it): said as a column of the jobs sheet. */
function itemIdError(err: unknown): unknown {
  if (!(err instanceof ValidationError) || err.param !== 'itemId') return err;
  const e = new Error(
    `item id field: ${err.detail} Fix the "item id field" column (for example "id"). Nothing was written.`,
  );
  e.name = 'ItemIdError';
  return e;
}

const capText = (e: BudgetExceededError) =>
  `request cap ${/day/.test(e.scope) ? 'per day' : 'per refresh'} reached (${e.sent} of ${e.maxRequests} requests sent)`;

/**
 * Runs the jobs of the config sheet (all, or only those `only` keeps). Pages are fetched in rounds: one
 * UrlFetchApp.fetchAll with the next page of every unfinished job. Every request is counted by the
 * core's Ledger first, and refused (not sent) past the per-refresh or per-day cap. Retryable failures
 * (301, 302, 5xx, network, timeout) are retried after a backoff; when a batch is lost (fetchAll throws,
 * every answer gone), its requests are sent again one by one, each budgeted on its own. A finished
 * "replace" job's sheet is overwritten with one setValues; an "append new" job appends only rows whose
 * id its sheet (or its remembered ids) does not have. A multi-page job interrupted by an error, a cap or
 * the time limit keeps its resume point, and the next refresh continues from the page it did not fetch.
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
    const base = baseUrl();
    const account = tokenHash(token);
    let fetches = 0;

    const states: JobState[] = jobs.map((job) => {
      const state: JobState = {
        job,
        ledger: new Ledger({ parent: ledgers.run }),
        pages: [],
        items: [],
        pageOf: [],
        offset: 0,
        seenStoreKey: '',
        retry: 0,
        solo: false,
        done: false,
        resumeId: '',
        resumeKey: '',
      };
      try {
        const main = mainParam(job.op);
        const params = validateParams(job.op, {
          ...job.params,
          ...(main && job.value !== '' ? { [main]: job.value } : {}),
        });
        const identity = [base, account, job.op.id, params, job.pages, job.mode, job.idField, job.target];
        state.resumeKey = cacheKey(['resume', ...identity]);
        state.resumeId = hashKey(identity);
        const resume = job.op.pagination ? getResume(state.resumeId) : undefined;
        if (job.mode === 'append') {
          state.seenStoreKey = hashKey([seenKey(job.op, params), job.target]);
          state.seen = new Set([...sheetIds(job.target), ...loadSeen(state.seenStoreKey)]);
          if (resume && resume.done < job.pages) {
            // Its earlier pages' rows are in the sheet already: continue from the page it did not fetch.
            state.offset = resume.done;
            state.pager = createPager(job.op, resume.next, { maxPages: job.pages - resume.done });
          }
        } else if (resume) {
          // Pages an interrupted run fetched: replayed from the cache, not re-sent.
          const saved = cacheGet<{ pages: unknown[] }>(state.resumeKey);
          if (saved?.pages.length) {
            state.pager = createPager(job.op, params, { maxPages: job.pages });
            for (const data of saved.pages) accept(state, data);
            state.ledger.cacheHit(saved.pages.length);
          } else state.restarted = true;
        }
        if (!state.pager && job.op.pagination)
          state.pager = createPager(job.op, params, { maxPages: job.pages });
        if (!job.op.pagination) state.single = params;
      } catch (err) {
        state.error = itemIdError(err);
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
        s.ledger.page(s.items.length, s.items.length);
        s.ledger.emitted(s.items.length);
        s.done = true;
        return;
      }
      const result = s.pager.accept(data);
      let items = result.items;
      if (s.seen) {
        const { fresh } = filterSeen(s.job.op, items, s.seen);
        s.ledger.seenBefore(items.length - fresh.length);
        for (const item of fresh) {
          const id = itemKey(s.job.op, item);
          if (id !== undefined) s.seen.add(id);
        }
        items = fresh;
      }
      s.ledger.page(result.received, result.items.length);
      s.ledger.emitted(items.length);
      const page = s.job.op.pagination!.state.some((p) => p.kind === 'page')
        ? result.page
        : s.offset + result.page;
      s.items.push(...items);
      s.pageOf.push(...items.map(() => page));
      if (result.done || !s.pager.next()) s.done = true;
    }
    let wait = 0;
    const fail = (s: JobState, err: unknown, lost: boolean) => {
      s.ledger.failed(err);
      const delay = retryDelay(err, s.retry, { maxRetries: MAX_RETRIES });
      if (delay === undefined) s.error = err;
      else {
        s.retry++;
        s.solo ||= lost;
        wait = Math.max(wait, delay);
      }
    };
    const handle = (s: JobState, answer: HttpAnswer) => {
      let data: unknown;
      try {
        data = decodeAnswer(s.job.op, answer, Date.now(), token).data;
      } catch (err) {
        return fail(s, err, false);
      }
      s.ledger.answered();
      report.pagesFetched++;
      s.retry = 0;
      s.solo = false;
      try {
        accept(s, data);
      } catch (err) {
        s.error = itemIdError(err);
      }
    };
    /** Counts the request about to be sent, or refuses it (the job stops) when a cap is reached. */
    const admit = (s: JobState): boolean => {
      try {
        s.ledger.beforeRequest();
        s.ledger.sent(s.retry > 0);
        return true;
      } catch (err) {
        if (!(err instanceof BudgetExceededError)) throw err;
        s.capped = err;
        return false;
      }
    };
    const prepare = (s: JobState) => prepareRequest(s.job.op, nextParams(s), { baseUrl: base, token });
    const unfinished = () =>
      states.filter((s) => !s.done && s.error === undefined && !s.stopped && !s.capped);

    for (;;) {
      const active = unfinished();
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
        const sending = batch.filter(admit);
        const reqs = sending.map(prepare);
        fetches += reqs.length;
        try {
          const answers = reqs.length ? sendBatch(reqs, token) : [];
          sending.forEach((s, i) => handle(s, answers[i]!));
        } catch (err) {
          // Every answer of the batch is lost (billed or not, nobody knows): these may be sent again,
          // since the failure is retryable, but alone, each budgeted on its own.
          sending.forEach((s) => fail(s, err, true));
        }
      }
      for (const s of alone) {
        if (!fits(URLFETCH_TIMEOUT_MS)) {
          s.stopped = true;
          continue;
        }
        if (!admit(s)) continue;
        const req: PreparedRequest = prepare(s);
        fetches++;
        try {
          handle(s, send(req, token));
        } catch (err) {
          fail(s, err, true);
        }
      }
      saveToday(ledgers.day);
    }
    saveToday(ledgers.day);
    const cap = states.find((s) => s.capped)?.capped;
    if (cap) report.cap = capText(cap);

    report.fetches = countFetches(fetches);
    for (const s of states) finish(s);
    function finish(s: JobState): void {
      const { job } = s;
      const usage = formatUsage(s.ledger.usage);
      const interrupted = !s.done && (s.error !== undefined || !!s.stopped || !!s.capped);
      const badInput =
        s.error instanceof ValidationError || (s.error as Error | undefined)?.name === 'ItemIdError';
      // Where an interrupted multi-page job continues: the params of the page it did not fetch.
      const next = interrupted && s.pager && !badInput ? s.pager.next() : undefined;
      const done = s.offset + s.pages.length;
      const resumable = next !== undefined && done > 0;
      let rows = 0;
      let appended = '';
      /** Why this run's rows could not be appended: then they are neither remembered nor skipped. */
      let unwritten: unknown;
      if (job.mode === 'append' && s.pager && !badInput) {
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
          const ids = s.items.map((item) => itemKey(job.op, item)).filter((id): id is string => !!id);
          if (ids.length) rememberSeen(s.seenStoreKey, ids);
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
          : `previous table kept${interrupted && s.pages.length && s.error === undefined ? `; ${s.pages.length} page(s) fetched are kept for the next run` : ''}`;
      if (s.error !== undefined) {
        const error = describeError(s.error);
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
        writeStatus(job.row, runAt, rows, `ok${appended ? ` (${appended})` : ''}${restarted}`, usage);
        report.refreshed.push({ target: job.target, rows, usage });
      }
      // Rows fetched but not written: the resume point stays where it was, so the next run fetches them again.
      if (!s.resumeId || unwritten !== undefined) return;
      // A completed job (or one that cannot continue) starts afresh next time.
      setResume(s.resumeId, resumable ? { next: next!, done } : undefined);
      try {
        if (resumable && job.mode === 'replace') cachePut(s.resumeKey, { pages: s.pages });
        else cacheRemove(s.resumeKey);
      } catch (err) {
        Logger.log(`Just One API: fetched pages not kept (${describeError(err)}).`);
      }
    }
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
