import {
  BudgetExceededError,
  createRun,
  Ledger,
  seenKey,
  validateParams,
  ValidationError,
  type HttpAnswer,
  type PreparedRequest,
  type Run,
  type RunEnd,
  type RunPage,
} from '@justoneapi/sdk/core';
import { cacheGet, cacheKey, hashKey } from './cache';
import { mainParam, type Job } from './jobs';
import { sheetIds } from './refresh-sheets';
import { getResume, loadSeen } from './spend';

export const MAX_RETRIES = 2;

/** A page a replace job fetched, kept so that, stopped early, it resumes without re-billing. */
interface KeptPage {
  params: string;
  answer: HttpAnswer;
}

/** One job of a refresh: its engine run, and what the sheet needs from it. */
export interface JobState {
  job: Job;
  /** Counts what this job sends and receives; its parents are the refresh's and the day's (the caps). */
  ledger: Ledger;
  run?: Run;
  /** Replace: each page's answer, by its request's params (kept in the cache when the job stops early). */
  kept: KeptPage[];
  /** Pages an interrupted run kept: the engine's `cached` answers them instead of sending them. */
  replay: KeptPage[];
  /** The request of the page in progress, and the kept answer that answered it (if any). */
  current?: PreparedRequest;
  hit?: HttpAnswer;
  items: unknown[];
  pageOf: number[];
  /** Pages this run got (replayed ones included). */
  pages: number;
  /** Pages an interrupted "append new" job fetched in earlier runs (its rows are already appended). */
  offset: number;
  /** Append new: ids of the items handed to the sheet, remembered once it has them. */
  delivered: string[];
  seenStoreKey: string;
  end?: RunEnd;
  /** Bad input or a failure that ended the run. */
  error?: unknown;
  /** The refresh's time limit stopped it. */
  stopped?: boolean;
  /** The request cap that stopped it before its next request. */
  capped?: BudgetExceededError;
  /** The resume point's key (document properties), stable across runs; `resumeKey` keys its kept pages. */
  resumeId: string;
  resumeKey: string;
  /** Why a kept resume point could not be used (its kept pages expired). */
  restarted?: boolean;
}

/** A wrong "item id field" (no item of a page has it): said as a column of the jobs sheet. */
export function itemIdError(err: unknown): unknown {
  if (!(err instanceof ValidationError) || err.param !== 'itemId') return err;
  const e = new Error(
    `item id field: ${err.detail} Fix the "item id field" column (for example "id"). Nothing was written.`,
  );
  e.name = 'ItemIdError';
  return e;
}

const paramsKey = (req: PreparedRequest) => JSON.stringify(req.params);

/**
 * A job's engine run. A replace job with a resume point starts from its first page again, its kept
 * pages answered from the cache (counted as cached, not sent); an "append new" job, whose earlier
 * pages' rows are in its sheet already, starts from the page it did not fetch, knowing the ids there.
 */
export function jobState(
  job: Job,
  target: { baseUrl: string; token: string; account: string; parent: Ledger },
  onRetry: (ms: number) => void,
): JobState {
  const s: JobState = {
    job,
    ledger: new Ledger({ parent: target.parent }),
    kept: [],
    replay: [],
    items: [],
    pageOf: [],
    pages: 0,
    offset: 0,
    delivered: [],
    seenStoreKey: '',
    resumeId: '',
    resumeKey: '',
  };
  try {
    const main = mainParam(job.op);
    const given = { ...job.params, ...(main && job.value !== '' ? { [main]: job.value } : {}) };
    const ack = { acknowledge: job.acknowledge };
    const params = validateParams(job.op, given, ack);
    const identity = [
      target.baseUrl,
      target.account,
      job.op.id,
      params,
      job.pages,
      job.mode,
      job.idField,
      job.target,
    ];
    s.resumeKey = cacheKey(['resume', ...identity]);
    s.resumeId = hashKey(identity);
    const resume = job.op.pagination ? getResume(s.resumeId) : undefined;
    let start: Record<string, unknown> = given;
    if (job.mode === 'append' && resume && resume.done < job.pages) {
      s.offset = resume.done;
      start = resume.next;
    } else if (job.mode === 'replace' && resume) {
      const saved = cacheGet<{ pages: KeptPage[] }>(s.resumeKey);
      s.replay = saved?.pages?.filter((p) => p?.answer && typeof p.params === 'string') ?? [];
      if (s.replay.length === 0) s.restarted = true;
    }
    s.run = createRun(job.op, start, {
      baseUrl: target.baseUrl,
      token: target.token,
      ...ack,
      ledger: s.ledger,
      policy: { maxRetries: MAX_RETRIES },
      maxPages: job.pages - s.offset,
      onlyNew: job.mode === 'append',
      // A resumed run completes pages an interruption left (older items, never fetched): it reads them all.
      stopAtSeen: job.stopAtSeen && s.offset === 0,
      onRetry: (e) => onRetry(e.delayMs),
      cached: (req) => {
        s.current = req;
        s.hit = s.replay.find((p) => p.params === paramsKey(req))?.answer;
        return s.hit;
      },
    });
    if (job.mode === 'append') {
      s.seenStoreKey = hashKey([seenKey(job.op, params), job.target]);
      s.run.knownIds([...sheetIds(job.target), ...loadSeen(s.seenStoreKey)]);
    }
  } catch (err) {
    s.error = itemIdError(err);
  }
  return s;
}

/** Takes a page of the job's run (fetched, or answered from its kept pages); true when it was sent. */
export function acceptPage(s: JobState, page: RunPage, answer: HttpAnswer | undefined): boolean {
  const { op } = s.job;
  s.pages++;
  const items = op.pagination ? page.items : Array.isArray(page.data) ? page.data : [page.data];
  // Handed to this run's table now; remembered as seen only once the sheet has them (finish).
  if (s.job.mode === 'append') s.delivered.push(...s.run!.delivered(items.length));
  const at = op.pagination?.state.some((p) => p.kind === 'page') ? page.page : s.offset + page.page;
  s.items.push(...items);
  s.pageOf.push(...items.map(() => at));
  const fetched = s.hit === undefined;
  const kept = s.hit ?? answer;
  if (s.job.mode === 'replace' && s.current && kept)
    s.kept.push({ params: paramsKey(s.current), answer: { status: kept.status, body: kept.body } });
  return fetched;
}

/** Records how the job's run ended: complete, by an error, or by a request cap. */
export function endJob(s: JobState, end: RunEnd): void {
  s.end = end;
  if (end.error instanceof BudgetExceededError) s.capped = end.error;
  else if (end.error !== undefined) s.error = itemIdError(end.error);
}
