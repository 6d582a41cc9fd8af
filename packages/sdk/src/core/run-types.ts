import type { PreparedRequest, RetryEvent } from './call.js';
import type { Envelope, HttpAnswer } from './envelope.js';
import type { Ledger, Usage } from './ledger.js';
import type { PageOptions, PageResult, StopReason } from './pagination.js';
import type { ParamValue, ValidateOptions } from './params.js';
import type { RetryPolicy } from './retry.js';

/** How one run (one user action: a call, or a paged run) is carried out. Every field is optional but the target. */
export interface EngineOptions extends PageOptions {
  baseUrl: string;
  /** Put where the vendor declares it (query, or the form body). Leave it out when the host adds it itself. */
  token?: string;
  /** The token, when the host adds it: masked in the API's messages. Default: `token`. */
  secret?: string;
  /** Names of the vendor's danger highlights the caller accepts (see ValidateOptions). */
  acknowledge?: ValidateOptions['acknowledge'];
  /** Retries after the first attempt, backoff steps. Default: DEFAULT_MAX_RETRIES. */
  policy?: RetryPolicy;
  random?: () => number;
  /** The clock (ms), for Retry-After dates and `deadline`. */
  now?: () => number;
  /** With `now`: no retry whose wait would end after this time; the error ends the run instead. */
  deadline?: number;
  onRetry?: (event: RetryEvent) => void;
  /** Counts the run (and carries its budget and its parents'). Default: a new Ledger with `maxRequests`. */
  ledger?: Ledger;
  /** Most requests this run may send (retries included); checked here, applied by the ledger. */
  maxRequests?: number;
  /** One request with the params as given, even for a paged operation (a single call): no paging, no resume point. */
  single?: boolean;
  /** Only items no earlier run delivered: give their ids with `knownIds()`, persist what `delivered()` returns. */
  onlyNew?: boolean;
  /**
   * With `onlyNew`: a page whose every item an earlier run delivered ends the run (reason `seen-before`),
   * as no newer item follows in a newest-first list: a poll with nothing new costs one request. Default
   * false: a plain rerun pages on into older items (reading deeper, or completing a run an error cut short),
   * paying for each page of seen items.
   */
  stopAtSeen?: boolean;
  /** The item id field (a dot path) where the vendor documents none. */
  itemId?: string;
  /**
   * Pacing (a host's rate lane): called before each attempt with `first` true (reserve a slot, return the
   * milliseconds until it), then again after each pace wait with `first` false, until it returns 0 (go).
   */
  pace?: (first: boolean) => number;
  /**
   * An answer the host kept for this request (its page cache): used instead of sending it, counted as
   * `cached` rather than as a request. Undefined: not kept, the request is sent.
   */
  cached?: (request: PreparedRequest) => HttpAnswer | undefined;
  /** Milliseconds between the end of one page and the request of the next. */
  pageIntervalMs?: number;
}

/** One page of a run: the call's envelope plus what the paginator made of it. */
export type RunPage<Item = unknown> = Envelope<unknown> & PageResult<Item>;

/** What to do next. */
export type RunStep =
  | { kind: 'send'; request: PreparedRequest; attempt: number }
  | { kind: 'wait'; ms: number; why: 'retry' | 'pace' | 'interval' }
  /** A page answered from the host's cache (`cached`): nothing was sent. */
  | { kind: 'page'; page: RunPage }
  | RunEnd;

/** The run is over: by a stop rule (`reason`), or by an error (a budget refusal carries `next`). */
export interface RunEnd {
  kind: 'done';
  reason?: StopReason;
  error?: unknown;
  /** Where a later run continues: the params of the page not fetched (undefined after the last page). */
  resume?: Record<string, ParamValue>;
  usage: Usage;
}

/** What came back for a `send` step: the HTTP answer, or the failure when none came (timeout, reset …). */
export type Outcome = HttpAnswer | { error: unknown };

/** The state machine of one run; drivers (runAsync, runSync, runBatched) turn its steps into I/O. */
export interface Run<Item = unknown> {
  next(): RunStep;
  /** The outcome of the last `send` step: the page it brought, or undefined (a retry follows, or the run failed). */
  feed(outcome: Outcome): RunPage<Item> | undefined;
  /**
   * The host handed `n` (more) items of the last page to the user: returns the ids to add to the seen
   * store (the page's items seen before are refreshed too). Items not handed over stay new for the next run.
   */
  delivered(n: number): string[];
  /** Ids an earlier run delivered (from the seen store), before the first step. */
  knownIds(ids: Iterable<string>): void;
  /** The seen-store key of this run (operation + params without paging state). */
  readonly seenKey: string;
  readonly usage: Usage;
  /** The params of the page this run would fetch next; undefined once the last page was fetched. */
  readonly resume: Record<string, ParamValue> | undefined;
  readonly done: boolean;
}
