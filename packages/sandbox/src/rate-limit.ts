/**
 * The vendor's rate limit, played by the sandbox: at most `perSecond` requests per token in any sliding
 * window of one second; a request beyond that is answered with code 302 and a `Retry-After` header (whole
 * seconds, as HTTP defines it) and does not use up a slot. Counts what it decided, in total and per token.
 */
export interface RateLimitOptions {
  /** Requests allowed per token in any window of `windowMs` (a positive whole number). */
  perSecond: number;
  /** Window length in ms (default 1000). */
  windowMs?: number;
}

export interface RateLimitCounts {
  /** Requests that got through the limit (answered normally). */
  allowed: number;
  /** Requests answered with code 302 by the limit. */
  limited: number;
}

/** Why an option or flag is not a usable rate (undefined when it is). */
export function rateLimitProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return undefined;
  return `rate limit must be a whole number of requests per second > 0, got ${JSON.stringify(value)}`;
}

/** `--rate-limit 10` (the CLI flag): requests per second per token. */
export function parseRateLimit(flag: string): number {
  const n = /^\s*\d+\s*$/.test(flag) ? Number(flag) : Number.NaN;
  if (rateLimitProblem(n)) throw new Error(rateLimitProblem(flag));
  return n;
}

export class RateLimiter {
  readonly perSecond: number;
  readonly windowMs: number;
  /** Times of the allowed requests still inside the window, oldest first, per token. */
  private readonly recent = new Map<string, number[]>();
  private readonly perToken = new Map<string, RateLimitCounts>();
  private readonly total: RateLimitCounts = { allowed: 0, limited: 0 };

  constructor(
    options: RateLimitOptions | number,
    private readonly now: () => number = Date.now,
  ) {
    const o = typeof options === 'number' ? { perSecond: options } : options;
    const problem = rateLimitProblem(o.perSecond);
    if (problem) throw new Error(problem);
    this.perSecond = o.perSecond;
    this.windowMs = o.windowMs ?? 1000;
  }

  /**
   * Decides one request of `token`: undefined when it is allowed (and takes a slot), otherwise the
   * milliseconds until a slot frees.
   */
  take(token: string): number | undefined {
    const at = this.now();
    let times = this.recent.get(token);
    if (!times) this.recent.set(token, (times = []));
    while (times.length && times[0]! <= at - this.windowMs) times.shift();
    let counts = this.perToken.get(token);
    if (!counts) this.perToken.set(token, (counts = { allowed: 0, limited: 0 }));
    if (times.length < this.perSecond) {
      times.push(at);
      counts.allowed++;
      this.total.allowed++;
      return undefined;
    }
    counts.limited++;
    this.total.limited++;
    return Math.max(1, times[0]! + this.windowMs - at);
  }

  /** What the limit answered: for one token, or for all. */
  counts(token?: string): RateLimitCounts {
    const c = token === undefined ? this.total : this.perToken.get(token);
    return { allowed: c?.allowed ?? 0, limited: c?.limited ?? 0 };
  }

  reset(): void {
    this.recent.clear();
    this.perToken.clear();
    this.total.allowed = 0;
    this.total.limited = 0;
  }
}

/** The `Retry-After` value for a wait: whole seconds, rounded up (HTTP's delay-seconds). */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}
