import type { BatchIo, HttpAnswer, Outcome, PreparedRequest } from '@justoneapi/sdk/core';
import { send, sendBatch, URLFETCH_TIMEOUT_MS } from './transport';

/** The refresh reached its time budget: every unfinished job keeps its resume point. */
export class TimeLimit extends Error {}

export interface RefreshIo extends BatchIo {
  /** UrlFetch calls made (each request of a fetchAll counts). */
  readonly fetches: number;
  /** The answer a request of the last round got (undefined when none came). */
  answerOf(request: PreparedRequest): HttpAnswer | undefined;
  /** A job's retry is due in `ms` (the engine's onRetry): the next round must fit that wait too. */
  retryIn(ms: number): void;
}

/**
 * How a refresh's rounds reach the API within Apps Script's 6 minutes. A round's requests go in one
 * UrlFetchApp.fetchAll (a lone one with fetch). When fetchAll throws, every answer of the batch is lost
 * (billed or not, nobody knows): the engine retries them, and from then on each is sent alone until
 * answered, so a hung request cannot sink the other jobs again. Before each round, its worst case (the
 * longest retry wait due, then UrlFetch's 60 s per call it makes) must end by `deadline`, else the
 * refresh stops there (TimeLimit): nothing is counted that was not sent.
 */
export function refreshIo(
  token: string,
  deadline: number,
  live: () => number,
  afterRound: () => void,
): RefreshIo {
  let lost = new Set<PreparedRequest>();
  let answers = new Map<PreparedRequest, HttpAnswer>();
  let waitMs = 0;
  let fetches = 0;
  return {
    get fetches() {
      return fetches;
    },
    answerOf: (request) => answers.get(request),
    retryIn(ms) {
      waitMs = Math.max(waitMs, ms);
    },
    cancelled() {
      const jobs = live();
      const alone = Math.min(lost.size, jobs);
      const worst = waitMs + (alone + (jobs > alone ? 1 : 0)) * URLFETCH_TIMEOUT_MS;
      waitMs = 0;
      return Date.now() + worst <= deadline ? undefined : new TimeLimit();
    },
    sleep: (ms) => Utilities.sleep(ms),
    sendAll(requests) {
      const together = requests.filter((r) => !lost.has(r));
      const alone = requests.filter((r) => lost.has(r));
      if (together.length === 1) alone.unshift(together.pop()!);
      const out = new Map<PreparedRequest, Outcome>();
      const stillLost = new Set<PreparedRequest>();
      const failed = (r: PreparedRequest, error: unknown) => {
        out.set(r, { error });
        stillLost.add(r);
      };
      fetches += requests.length;
      if (together.length)
        try {
          sendBatch(together, token).forEach((a, i) => out.set(together[i]!, a));
        } catch (error) {
          for (const r of together) failed(r, error);
        }
      for (const r of alone)
        try {
          out.set(r, send(r, token));
        } catch (error) {
          failed(r, error);
        }
      lost = stillLost;
      answers = new Map();
      for (const [r, o] of out) if (!('error' in o)) answers.set(r, o);
      afterRound();
      return requests.map((r) => out.get(r)!);
    },
  };
}
