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
  /** What the user should do next (English sentences); the error class sets it. */
  advice?: string;
  /** The request this error is about was never sent (so not billed). Default: true for bad input. */
  nothingSent?: boolean;
}

/** What kind of failure, for hosts that word errors themselves. */
export type ErrorKind =
  | 'api'
  | 'timeout'
  | 'connection'
  | 'invalid-response'
  | 'input-too-long'
  | 'validation'
  | 'aborted'
  | 'budget';

const KINDS: Record<Exclude<ErrorCode, number>, ErrorKind> = {
  TIMEOUT: 'timeout',
  CONNECTION: 'connection',
  INVALID_RESPONSE: 'invalid-response',
  INPUT_TOO_LONG: 'input-too-long',
  VALIDATION: 'validation',
  ABORTED: 'aborted',
  BUDGET: 'budget',
};

export type ErrorCode =
  | number
  | 'TIMEOUT'
  | 'CONNECTION'
  | 'INVALID_RESPONSE'
  | 'INPUT_TOO_LONG'
  | 'VALIDATION'
  | 'ABORTED'
  | 'BUDGET';

/**
 * Base of every error this SDK throws. Never holds the token. Hosts render from its fields (`kind`,
 * `code`, `retryable`, `nothingSent`, `advice`, and `param`/`reason` of a ValidationError), never from
 * `message`, which is the English sentence for logs and plain callers.
 */
export class JustOneApiError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** The request this error is about was never sent, so it was not billed. */
  readonly nothingSent: boolean;
  /** What the user should do next (English). */
  readonly advice?: string;
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
    this.kind = typeof code === 'number' ? 'api' : KINDS[code];
    this.retryable = retryable;
    this.nothingSent = details.nothingSent ?? (code === 'VALIDATION' || code === 'BUDGET');
    if (details.advice) this.advice = details.advice;
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
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      nothingSent: this.nothingSent,
      advice: this.advice,
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

/** One documented business code: what it means, what to do, whether it is worth retrying. */
export interface CodeText {
  /** A headline: "Rate limit exceeded". */
  title: string;
  /** What happened, in a clause: "rate limit exceeded". */
  meaning: string;
  /** What the user should do next, in sentences. */
  advice: string;
  retryable: boolean;
}

/** The business-code table, the one place it is written; codes.ts derives the docs table from it. */
export const CODE_TEXT: Readonly<Record<number, CodeText>> = {
  100: {
    title: 'Invalid or inactive token',
    meaning: 'invalid or inactive token',
    advice: 'Check the token you configured, or create a new one in the Just One API dashboard.',
    retryable: false,
  },
  301: {
    title: 'Collection failed',
    meaning: 'data collection failed upstream',
    advice: 'This is usually temporary: try again in a moment.',
    retryable: true,
  },
  302: {
    title: 'Rate limit exceeded',
    meaning: 'rate limit exceeded',
    advice: 'Send fewer requests at once (lower the concurrency) or wait a few seconds before retrying.',
    retryable: true,
  },
  303: {
    title: 'Daily quota exceeded',
    meaning: 'daily quota exhausted',
    advice:
      'Further requests fail until the quota resets tomorrow; raise the quota in your Just One API plan to continue today.',
    retryable: false,
  },
  400: {
    title: 'Invalid parameters',
    meaning: 'invalid parameters',
    advice: 'Fix the parameters; sending the same request again will not help.',
    retryable: false,
  },
  500: {
    title: 'Internal server error',
    meaning: 'server error',
    advice: 'This is temporary: try again later.',
    retryable: true,
  },
  503: {
    title: 'Service unavailable',
    meaning: 'server error',
    advice: 'This is temporary: try again later.',
    retryable: true,
  },
  600: {
    title: 'Permission denied',
    meaning: 'permission denied',
    advice: 'Your token may not call this API; enable it for your account in the Just One API dashboard.',
    retryable: false,
  },
  601: {
    title: 'Insufficient balance',
    meaning: 'insufficient balance',
    advice: 'Top up your Just One API account; no request succeeds until then.',
    retryable: false,
  },
};
/** Any code the table does not hold. */
export const UNKNOWN_CODE: CodeText = {
  title: 'Undocumented error code',
  meaning: 'undocumented error code',
  advice:
    'Check the parameters; if it persists, contact Just One API support with this code and the requestId.',
  retryable: false,
};

/** A business-code error (the envelope's `code` was not 0). Its message says what to do next. */
export class ApiCodeError extends JustOneApiError {
  declare readonly code: number;
  constructor(code: number, details: ErrorDetails = {}) {
    const t = CODE_TEXT[code] ?? UNKNOWN_CODE;
    super(code, `Just One API code ${code}: ${t.meaning}. ${t.advice}${suffix(details)}`, t.retryable, {
      advice: t.advice,
      ...details,
    });
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
  /** Milliseconds allowed per attempt; undefined: the caller's own deadline (AbortSignal.timeout) passed, not retried. */
  readonly timeoutMs?: number;
  constructor(timeoutMs: number | undefined, d: ErrorDetails = {}) {
    const own = timeoutMs === undefined;
    const advice = own
      ? 'Allow more time, or try again later.'
      : 'The API can be slow: raise the timeout (at least 60000 ms is recommended) or try again later.';
    super(
      'TIMEOUT',
      `${own ? 'The deadline set for this call (its AbortSignal.timeout) passed before Just One API answered.' : `No answer from Just One API within ${timeoutMs} ms.`} ${advice}`,
      !own,
      { advice, ...d },
    );
    if (!own) this.timeoutMs = timeoutMs;
  }
}
export class ConnectionError extends JustOneApiError {
  /** What the network said (ECONNRESET, ENOTFOUND …). */
  readonly reason: string;
  constructor(reason: string, d: ErrorDetails = {}) {
    const advice = 'Check the network, proxy and base URL / region setting, then try again.';
    super('CONNECTION', `Could not reach Just One API (${reason}). ${advice}`, true, { advice, ...d });
    this.reason = reason;
  }
}

/** What was wrong with an answer that is not a usable envelope. */
export type ResponseProblem =
  | 'empty'
  | 'html'
  | 'malformed-json'
  | 'not-json'
  | 'no-envelope'
  | 'null-data'
  | 'not-a-list';

const PROBLEM_TEXT: Record<ResponseProblem, string> = {
  empty: 'an empty body',
  html: 'an HTML page instead of JSON, typically a gateway or proxy error',
  'malformed-json': 'truncated or malformed JSON',
  'not-json': 'a body that is not JSON',
  'no-envelope': 'JSON without the expected {code, data, message} envelope',
  'null-data': 'code 0 but `data` is null',
  'not-a-list': 'code 0 but the item list is not a list',
};

export class InvalidResponseError extends JustOneApiError {
  readonly problem: ResponseProblem;
  /** For `not-a-list`: where the vendor documents the item list (inside `data`). */
  readonly itemsPath?: string;
  constructor(problem: ResponseProblem, retryable: boolean, d: ErrorDetails & { itemsPath?: string } = {}) {
    const { itemsPath, ...details } = d;
    const advice = retryable
      ? 'This is usually a temporary gateway problem: try again.'
      : `Try again; if it persists, contact Just One API support${d.requestId ? ' with the requestId' : ''}.`;
    const what =
      problem === 'not-a-list'
        ? `code 0 but data${itemsPath ? `.${itemsPath}` : ''} is not a list`
        : PROBLEM_TEXT[problem];
    const status = d.httpStatus !== undefined && problem !== 'null-data' && problem !== 'not-a-list';
    super(
      'INVALID_RESPONSE',
      `Just One API sent an unusable response: ${what}${status ? ` (HTTP ${d.httpStatus})` : ''}. ${advice}${suffix(d)}`,
      retryable,
      { advice, ...details },
    );
    this.problem = problem;
    if (itemsPath !== undefined) this.itemsPath = itemsPath;
  }
}
/** The server refused the request as too long (HTTP 414 or 431). */
export class InputTooLongError extends JustOneApiError {
  constructor(d: ErrorDetails = {}) {
    const advice = 'Shorten the longest parameter (a keyword or URL) and try again.';
    super(
      'INPUT_TOO_LONG',
      `Just One API refused the request as too long (HTTP ${d.httpStatus}): ${advice[0]!.toLowerCase()}${advice.slice(1)}`,
      false,
      { advice, nothingSent: false, ...d },
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
    | 'too-long'
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
  /** The message without the operation id in front: for hosts that show their own name for the operation. */
  readonly detail: string;
  constructor(message: string, param?: string, d: ErrorDetails = {}, reason?: ValidationReason) {
    const advice =
      reason?.kind === 'danger-unacknowledged'
        ? "Read the vendor's warning; to call it anyway, acknowledge it explicitly."
        : 'Fix the input and try again; nothing was sent or billed.';
    super('VALIDATION', message, false, { advice, ...d });
    const prefix = d.operation ? `${d.operation}: ` : '';
    this.detail = prefix && message.startsWith(prefix) ? message.slice(prefix.length) : message;
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
  if (typeof code === 'number') return CODE_TEXT[code]?.meaning ?? `undocumented code ${code}`;
  return typeof code === 'string' ? (NAMED_TITLES[code] ?? code.toLowerCase()) : 'error';
}
