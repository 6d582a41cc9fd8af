import type { OperationSpec } from './catalog-types.js';
import {
  type ErrorDetails,
  errorFromCode,
  InputTooLongError,
  InvalidResponseError,
  RateLimitError,
  type ResponseProblem,
} from './errors.js';
import { redact } from './request.js';

/** What a transport hands back: the HTTP status, the body as text, and header values (lower-case names). */
export interface HttpAnswer {
  status: number;
  body: string;
  headers?: Record<string, string | undefined>;
}

/** A successful envelope. */
export interface Envelope<T = unknown> {
  code: 0;
  data: T;
  message: string | null;
  recordTime: string | null;
  requestId?: string;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds; `now` is injected to stay pure. */
export function parseRetryAfter(value: string | undefined, now?: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) && now !== undefined ? Math.max(0, at - now) : undefined;
}

/** Reads `a.b.c` inside an object; '' means the value itself. */
export function readPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Turns an HTTP answer into the success envelope, or throws the error it stands for.
 * Success is `code === 0`, whatever the HTTP status says. `secret` (the token, where the host knows
 * it) is masked in the API's message, should the API echo it back.
 */
export function decodeAnswer<T = unknown>(
  op: OperationSpec,
  answer: HttpAnswer,
  now?: number,
  secret?: string,
): Envelope<T> {
  const base: ErrorDetails = { httpStatus: answer.status, operation: op.id };
  const retryAfterMs = parseRetryAfter(answer.headers?.['retry-after'], now);
  if (retryAfterMs !== undefined) base.retryAfterMs = retryAfterMs;
  if (answer.headers) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined) headers[k] = v;
    base.headers = headers;
  }
  const text = answer.body ?? '';
  const gatewayish = answer.status >= 500 || answer.status === 429;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (answer.status === 429) throw new RateLimitError(base);
    if (answer.status === 414 || answer.status === 431) throw new InputTooLongError(base);
    const head = text.trimStart().slice(0, 1);
    const problem: ResponseProblem =
      text.trim() === ''
        ? 'empty'
        : head === '<'
          ? 'html'
          : head === '{' || head === '['
            ? 'malformed-json'
            : 'not-json';
    throw new InvalidResponseError(problem, gatewayish, base);
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    typeof (parsed as { code?: unknown }).code !== 'number'
  ) {
    throw new InvalidResponseError('no-envelope', gatewayish, base);
  }
  const env = parsed as {
    code: number;
    data?: unknown;
    message?: string | null;
    recordTime?: string | null;
    requestId?: string;
  };
  const message = typeof env.message === 'string' ? redact(env.message, secret) : null;
  const details: ErrorDetails = { ...base, apiMessage: message };
  if (typeof env.requestId === 'string') details.requestId = env.requestId;
  if (env.code !== 0) throw errorFromCode(env.code, details);
  if (env.data === null || env.data === undefined) {
    throw new InvalidResponseError('null-data', false, details);
  }
  const spec = op.pagination;
  // Only where the vendor documents the item list: an assumed path falls back to searching `data`.
  if (spec?.items !== undefined && !spec.itemsAssumed && !Array.isArray(readPath(env.data, spec.items))) {
    throw new InvalidResponseError('not-a-list', false, { ...details, itemsPath: spec.items });
  }
  const out: Envelope<T> = { code: 0, data: env.data as T, message, recordTime: env.recordTime ?? null };
  if (typeof env.requestId === 'string') out.requestId = env.requestId;
  return out;
}
