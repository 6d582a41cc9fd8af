import { JustOneApiError, RateLimitError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 requests). */
  maxRetries: number;
  /** First backoff step, doubled each retry. */
  baseDelayMs?: number;
  /** First backoff step after a 302 rate limit: longer, since the limit needs time to clear. */
  rateLimitBaseDelayMs?: number;
  /** No single wait is longer than this. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY_DELAYS = {
  baseDelayMs: 500,
  rateLimitBaseDelayMs: 2000,
  maxDelayMs: 20_000,
} as const;

/**
 * How long to wait before retry number `retry` (0 for the first retry) after `error`, or undefined
 * when it must not be retried: not retryable (100, 303, 400, 600, 601, bad input ...) or out of retries.
 * Exponential backoff with up to 25% jitter, never shorter than a Retry-After; after a rate limit (302,
 * 429) with Retry-After, doubling from that wait instead. `random` is injectable so the function stays pure.
 */
export function retryDelay(
  error: unknown,
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!(error instanceof JustOneApiError) || !error.retryable) return undefined;
  if (retry >= policy.maxRetries) return undefined;
  const max = policy.maxDelayMs ?? DEFAULT_RETRY_DELAYS.maxDelayMs;
  const rateLimit = error instanceof RateLimitError;
  const asked = error.retryAfterMs;
  const base = rateLimit
    ? (policy.rateLimitBaseDelayMs ?? DEFAULT_RETRY_DELAYS.rateLimitBaseDelayMs)
    : (policy.baseDelayMs ?? DEFAULT_RETRY_DELAYS.baseDelayMs);
  // A rate limit that says when a slot frees (Retry-After) is retried then, even when that is sooner
  // than the fixed backoff: the first retry after Retry-After, each further one doubling from it (so a
  // page refused again and again still backs off), never sooner than asked, plus up to 25% jitter.
  // Otherwise: the backoff, minus up to 25% jitter, and never sooner than a Retry-After asks.
  return Math.round(
    rateLimit && asked !== undefined
      ? Math.min(max, asked * 2 ** retry * (1 + random() * 0.25))
      : Math.max(Math.min(max, base * 2 ** retry) * (1 - random() * 0.25), Math.min(max, asked ?? 0)),
  );
}
