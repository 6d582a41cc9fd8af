import { readCount } from './count.js';
import { JustOneApiError } from './errors.js';

/** Where a stopped run can continue: the params of the page it did not fetch. */
export interface ResumeInfo {
  operation?: string;
  /** The params of the next page: pass them as the params of a later run to resume. */
  next?: Record<string, string | number | boolean>;
  /** The paging params among them (page, cursor …), for the message. */
  pagingParams?: readonly string[];
}

/** A run reached its request budget and stopped before sending the next request. Never retried. */
export class BudgetExceededError extends JustOneApiError {
  /** Requests sent under the budget that was reached. */
  readonly sent: number;
  readonly maxRequests: number;
  /** Which budget: "this run", "this client", "this message" … */
  readonly scope: string;
  /** The params of the page not fetched: pass them as params to resume. Undefined for a single call. */
  readonly next?: Record<string, string | number | boolean>;

  constructor(d: { sent: number; maxRequests: number; scope: string } & ResumeInfo) {
    const where = d.next
      ? ` Resume from ${describeResume(d.next, d.pagingParams)}: pass error.next as the params of a later run; no page is fetched twice.`
      : '';
    super(
      'BUDGET',
      `Request budget reached: ${d.sent} of ${d.maxRequests} requests sent (maxRequests for ${d.scope}); stopped before sending the next request.${where}`,
      false,
      {
        advice: d.next
          ? 'Raise the request budget, or run again from the resume point: no page is fetched twice.'
          : 'Raise the request budget, or wait for the next run.',
        ...(d.operation ? { operation: d.operation } : {}),
      },
    );
    this.sent = d.sent;
    this.maxRequests = d.maxRequests;
    this.scope = d.scope;
    if (d.next) this.next = d.next;
  }

  /** The same refusal with the resume point of a paged run added. */
  withResume(info: ResumeInfo): BudgetExceededError {
    return new BudgetExceededError({
      sent: this.sent,
      maxRequests: this.maxRequests,
      scope: this.scope,
      ...(this.operation ? { operation: this.operation } : {}),
      ...info,
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sent: this.sent, maxRequests: this.maxRequests, next: this.next };
  }
}

/** "page=3" or "cursor=abc, page=2": the paging params of a resume point (all params if none are named). */
export function describeResume(
  next: Record<string, string | number | boolean>,
  paging: readonly string[] = [],
): string {
  const names = paging.length ? paging.filter((p) => p in next) : Object.keys(next);
  return names.map((n) => `${n}=${String(next[n])}`).join(', ') || 'the first page';
}

export interface EstimateSettings {
  /** Whether the operation is paged (`op.pagination` set). */
  paged: boolean;
  /** Pages per job of a paged operation (its maxPages; default 10, Infinity for no limit). */
  maxPages?: number;
  /** Jobs in the run: inputs, messages, rows … (default 1). */
  jobs?: number;
  /** Retries per request (default 2). */
  maxRetries?: number;
  /** The run's request budget, which caps both figures. */
  maxRequests?: number;
}

/** The most requests a run can make, from its settings alone (nothing is sent). */
export interface Estimate {
  /**
   * Requests when nothing fails: pages × jobs (1 page per job when not paged), capped by maxRequests.
   * This is the figure to show: each of them is a paid call. Paging may stop earlier (last page, maxItems).
   */
  requests: number;
  /** The absolute most HTTP requests, every one retried maxRetries times: pages × jobs × (1 + maxRetries), capped. */
  withRetries: number;
  /** True when maxRequests lowered either figure. */
  capped: boolean;
}

function count(name: string, v: number | undefined, fallback: number, min: number): number {
  return readCount(name, v, { min, infinity: true }) ?? fallback;
}

/**
 * A dry run: the most requests a run can make from its settings (pages × jobs, and × (1 + retries) for
 * the worst case), capped by the budget. Infinity when nothing bounds it (maxPages Infinity and no budget).
 */
export function estimateRequests(s: EstimateSettings): Estimate {
  const pages = s.paged ? count('maxPages', s.maxPages, 10, 1) : 1;
  const jobs = count('jobs', s.jobs, 1, 0);
  const retries = count('maxRetries', s.maxRetries, 2, 0);
  const cap = count('maxRequests', s.maxRequests, Infinity, 1);
  const plain = pages * jobs;
  const worst = plain * (1 + retries);
  return {
    requests: Math.min(plain, cap),
    withRetries: Math.min(worst, cap),
    capped: cap < worst,
  };
}

/** "at most 30 requests (90 with retries)" / "at most 20 requests (budget)". */
export function formatEstimate(e: Estimate): string {
  const n = (v: number) => (Number.isFinite(v) ? String(v) : 'unbounded');
  const head = `at most ${n(e.requests)} request${e.requests === 1 ? '' : 's'}`;
  if (e.withRetries === e.requests) return `${head}${e.capped ? ' (the budget)' : ''}`;
  return `${head} (${n(e.withRetries)} if every request is retried${e.capped ? ', capped by the budget' : ''})`;
}
