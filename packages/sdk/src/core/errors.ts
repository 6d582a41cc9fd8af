import type { DangerHighlight } from './catalog-types.js';

/** Details every error carries. `code` is the business code, or a name for failures that have none. */
export interface ErrorDetails {
  httpStatus?: number;
  requestId?: string;
  /** The operation id ("xiaohongshu.searchUsers") the error came from. */
  operation?: string;
  /** The vendor's own `message`, when it sent one. */
  apiMessage?: string | null;
  /** Milliseconds the server asked us to wait (Retry-After), if any. */
  retryAfterMs?: number;
  /** The answer's HTTP headers (lower-case names), when an answer came. */
  headers?: Record<string, string>;
  /** What caused it: the abort reason, the network error. */
  cause?: unknown;
}

export type ErrorCode =
  | number
  | 'TIMEOUT'
  | 'CONNECTION'
  | 'INVALID_RESPONSE'
  | 'INPUT_TOO_LONG'
  | 'VALIDATION'
  | 'ABORTED'
  | 'BUDGET';

/** Base of every error this SDK throws. Never holds the token. */
export class JustOneApiError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly operation?: string;
  readonly apiMessage?: string | null;
  readonly retryAfterMs?: number;
  readonly headers?: Record<string, string>;
  /** Whether the same request may succeed if sent again. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, retryable: boolean, details: ErrorDetails = {}) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.requestId) this.requestId = details.requestId;
    if (details.operation) this.operation = details.operation;
    if (details.apiMessage) this.apiMessage = details.apiMessage;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.headers) this.headers = details.headers;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      operation: this.operation,
      apiMessage: this.apiMessage,
    };
  }
}

function suffix(d: ErrorDetails): string {
  const parts: string[] = [];
  if (d.apiMessage) parts.push(`API said: "${d.apiMessage}"`);
  if (d.requestId) parts.push(`requestId ${d.requestId}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

// What each code means and what the user should do next; `true` marks codes worth retrying.
/**
 * The business-code table, the one place it is written: what each code means, then what to do
 * (after the first full stop), whether it is worth retrying, and a title for headlines. codes.ts derives
 * the docs table from it.
 */
export const CODE_TEXT: Readonly<Record<number, readonly [text: string, retryable: boolean, title: string]>> =
  {
    100: [
      'invalid or inactive token. Check the token you configured, or create a new one in the Just One API dashboard',
      false,
      'Invalid or inactive token',
    ],

    301: [
      'data collection failed upstream. This is usually temporary: try again in a moment',
      true,
      'Collection failed',
    ],

    302: [
      'rate limit exceeded. Send fewer requests at once (lower the concurrency) or wait a few seconds before retrying',
      true,
      'Rate limit exceeded',
    ],

    303: [
      'daily quota exhausted. Further requests fail until the quota resets tomorrow; raise the quota in your Just One API plan to continue today',
      false,
      'Daily quota exceeded',
    ],

    400: [
      'invalid parameters. Fix the parameters; sending the same request again will not help',
      false,
      'Invalid parameters',
    ],

    500: ['server error. This is temporary: try again later', true, 'Internal server error'],

    503: ['server error. This is temporary: try again later', true, 'Service unavailable'],

    600: [
      'permission denied. Your token may not call this API; enable it for your account in the Just One API dashboard',
      false,
      'Permission denied',
    ],

    601: [
      'insufficient balance. Top up your Just One API account; no request succeeds until then',
      false,
      'Insufficient balance',
    ],
  };
export const UNKNOWN_TEXT =
  'undocumented error code. Check the parameters; if it persists, contact Just One API support with this code and the requestId';

/** A business-code error (the envelope's `code` was not 0). Its message says what to do next. */
export class ApiCodeError extends JustOneApiError {
  declare readonly code: number;
  constructor(code: number, details: ErrorDetails = {}) {
    const [text, retryable] = CODE_TEXT[code] ?? [UNKNOWN_TEXT, false];
    super(code, `Just One API code ${code}: ${text}.${suffix(details)}`, retryable, details);
  }
}

type Fixed = new (details?: ErrorDetails) => ApiCodeError;
const fixed = (code: number): Fixed =>
  class extends ApiCodeError {
    constructor(details?: ErrorDetails) {
      super(code, details);
    }
  };

export class InvalidTokenError extends fixed(100) {}
export class CollectionFailedError extends fixed(301) {}
export class RateLimitError extends fixed(302) {}
export class DailyQuotaExceededError extends fixed(303) {}
export class InvalidParamsError extends fixed(400) {}
/** 500 or 503. */
export class ServerError extends ApiCodeError {}
export class PermissionDeniedError extends fixed(600) {}
export class InsufficientBalanceError extends fixed(601) {}
/** Any business code without a class of its own (101, 202, 300, 404, 602, or a new one). */
export class UnknownCodeError extends ApiCodeError {}

export class TimeoutError extends JustOneApiError {
  /** `timeoutMs` undefined: the caller's own deadline (AbortSignal.timeout) passed; not retried. */
  constructor(timeoutMs: number | undefined, d: ErrorDetails = {}) {
    super(
      'TIMEOUT',
      timeoutMs === undefined
        ? 'The deadline set for this call (its AbortSignal.timeout) passed before Just One API answered. Allow more time, or try again later.'
        : `No answer from Just One API within ${timeoutMs} ms. The API can be slow: raise the timeout (at least 60000 ms is recommended) or try again later.`,
      timeoutMs !== undefined,
      d,
    );
  }
}
export class ConnectionError extends JustOneApiError {
  constructor(reason: string, d: ErrorDetails = {}) {
    super(
      'CONNECTION',
      `Could not reach Just One API (${reason}). Check the network, proxy and base URL / region setting, then try again.`,
      true,
      d,
    );
  }
}
export class InvalidResponseError extends JustOneApiError {
  constructor(problem: string, retryable: boolean, d: ErrorDetails = {}) {
    super(
      'INVALID_RESPONSE',
      `Just One API sent an unusable response: ${problem}.${retryable ? ' This is usually a temporary gateway problem: try again.' : ` Try again; if it persists, contact Just One API support${d.requestId ? ' with the requestId' : ''}.`}${suffix(d)}`,
      retryable,
      d,
    );
  }
}
/** The server refused the request as too long (HTTP 414 or 431). */
export class InputTooLongError extends JustOneApiError {
  constructor(d: ErrorDetails = {}) {
    super(
      'INPUT_TOO_LONG',
      `Just One API refused the request as too long (HTTP ${d.httpStatus}): shorten the longest parameter (a keyword or URL) and try again.`,
      false,
      d,
    );
  }
}
/**
 * What was wrong with a parameter value, as fields a host words in its own language (the message stays
 * English): `required`, `empty`, `integer`/`number` (not one), `min`/`max` (`limit`), `boolean`, `text`,
 * `date`, `enum` (`valid` values, `guess` when it looks like a typo), `unknown` (an unknown name),
 * `danger-unacknowledged` (the vendor marks the operation danger and the caller did not acknowledge it;
 * `highlight`: the vendor's text and the name that acknowledges it).
 */
export interface ValidationReason {
  kind:
    | 'required'
    | 'empty'
    | 'integer'
    | 'number'
    | 'min'
    | 'max'
    | 'boolean'
    | 'text'
    | 'date'
    | 'enum'
    | 'unknown'
    | 'danger-unacknowledged';
  /** The value received. */
  value?: unknown;
  limit?: number;
  valid?: string[];
  guess?: string;
  highlight?: DangerHighlight;
  /** The same in English words, after the parameter's name ("must not be empty."): for hosts that put their own label before it. */
  text?: string;
}
/** Bad input, found before any request was sent: nothing was billed. */
export class ValidationError extends JustOneApiError {
  readonly param?: string;
  readonly reason?: ValidationReason;
  constructor(message: string, param?: string, d: ErrorDetails = {}, reason?: ValidationReason) {
    super('VALIDATION', message, false, d);
    if (param) this.param = param;
    if (reason) this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), param: this.param, reason: this.reason };
  }
}
/** The caller aborted (AbortSignal). */
export class AbortedError extends JustOneApiError {
  constructor(d: ErrorDetails = {}) {
    super('ABORTED', 'The request was aborted.', false, d);
  }
}

export const CLASSES: Readonly<Record<number, Fixed>> = {
  100: InvalidTokenError,
  301: CollectionFailedError,
  302: RateLimitError,
  303: DailyQuotaExceededError,
  400: InvalidParamsError,
  600: PermissionDeniedError,
  601: InsufficientBalanceError,
};

/** Maps a non-zero business code to its error. */
export function errorFromCode(code: number, details: ErrorDetails = {}): ApiCodeError {
  const Known = CLASSES[code];
  if (Known) return new Known(details);
  return code === 500 || code === 503 ? new ServerError(code, details) : new UnknownCodeError(code, details);
}

const NAMED_TITLES: Record<string, string> = {
  TIMEOUT: 'timeout',
  CONNECTION: 'connection failed',
  INVALID_RESPONSE: 'invalid response',
  VALIDATION: 'bad input',
  INPUT_TOO_LONG: 'input too long',
  ABORTED: 'aborted',
};

/** A few words for status lines and titles: "daily quota exhausted", "rate limit exceeded", "timeout". */
export function errorTitle(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return CODE_TEXT[code]?.[0].split('.')[0] ?? `undocumented code ${code}`;
  return typeof code === 'string' ? (NAMED_TITLES[code] ?? code.toLowerCase()) : 'error';
}
