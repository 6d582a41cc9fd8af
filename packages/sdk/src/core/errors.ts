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
}

export type ErrorCode = number | 'TIMEOUT' | 'CONNECTION' | 'INVALID_RESPONSE' | 'VALIDATION' | 'ABORTED';

/** Base of every error this SDK throws. Never holds the token. */
export class JustOneApiError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly operation?: string;
  readonly apiMessage?: string | null;
  readonly retryAfterMs?: number;
  /** Whether the same request may succeed if sent again. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, retryable: boolean, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.requestId) this.requestId = details.requestId;
    if (details.operation) this.operation = details.operation;
    if (details.apiMessage) this.apiMessage = details.apiMessage;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
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

/** A business-code error (the envelope's `code` was not 0). */
export class ApiCodeError extends JustOneApiError {
  declare readonly code: number;
}

function suffix(d: ErrorDetails): string {
  const parts: string[] = [];
  if (d.apiMessage) parts.push(`API said: "${d.apiMessage}"`);
  if (d.requestId) parts.push(`requestId ${d.requestId}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export class InvalidTokenError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(100, `Just One API code 100: invalid or inactive token. Check the token you configured (JUSTONEAPI_TOKEN, or the credential), or create a new one in the Just One API dashboard.${suffix(d)}`, false, d);
  }
}
export class CollectionFailedError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(301, `Just One API code 301: data collection failed upstream. This is usually temporary: try again in a moment.${suffix(d)}`, true, d);
  }
}
export class RateLimitError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(302, `Just One API code 302: rate limit exceeded. Send fewer requests at once (lower the concurrency) or wait a few seconds before retrying.${suffix(d)}`, true, d);
  }
}
export class DailyQuotaExceededError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(303, `Just One API code 303: daily quota exhausted. Further requests fail until the quota resets tomorrow; raise the quota in your Just One API plan to continue today.${suffix(d)}`, false, d);
  }
}
export class InvalidParamsError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(400, `Just One API code 400: invalid parameters. Fix the parameters; sending the same request again will not help.${suffix(d)}`, false, d);
  }
}
export class ServerError extends ApiCodeError {
  constructor(code: 500 | 503, d: ErrorDetails = {}) {
    super(code, `Just One API code ${code}: server error. This is temporary: try again later.${suffix(d)}`, true, d);
  }
}
export class PermissionDeniedError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(600, `Just One API code 600: permission denied. Your token may not call this API; enable it for your account in the Just One API dashboard.${suffix(d)}`, false, d);
  }
}
export class InsufficientBalanceError extends ApiCodeError {
  constructor(d: ErrorDetails = {}) {
    super(601, `Just One API code 601: insufficient balance. Top up your Just One API account; no request succeeds until then.${suffix(d)}`, false, d);
  }
}
/** Any business code without a class of its own (101, 202, 300, 404, 602, or a new one). */
export class UnknownCodeError extends ApiCodeError {
  constructor(code: number, d: ErrorDetails = {}) {
    super(code, `Just One API code ${code}: the request failed. This code is not documented; check the parameters, and contact Just One API support with the requestId if it persists.${suffix(d)}`, false, d);
  }
}

export class TimeoutError extends JustOneApiError {
  constructor(timeoutMs: number, d: ErrorDetails = {}) {
    super('TIMEOUT', `No answer from Just One API within ${timeoutMs} ms. The API can be slow: raise the timeout (at least 60000 ms is recommended) or try again later.`, true, d);
  }
}
export class ConnectionError extends JustOneApiError {
  constructor(reason: string, d: ErrorDetails = {}) {
    super('CONNECTION', `Could not reach Just One API (${reason}). Check the network, proxy and base URL / region setting, then try again.`, true, d);
  }
}
export class InvalidResponseError extends JustOneApiError {
  constructor(problem: string, retryable: boolean, d: ErrorDetails = {}) {
    super('INVALID_RESPONSE', `Just One API sent an unusable response: ${problem}.${retryable ? ' This is usually a temporary gateway problem: try again.' : ' Try again; if it persists, contact Just One API support with the requestId.'}${suffix(d)}`, retryable, d);
  }
}
/** Bad input, found before any request was sent: nothing was billed. */
export class ValidationError extends JustOneApiError {
  readonly param?: string;
  constructor(message: string, param?: string, d: ErrorDetails = {}) {
    super('VALIDATION', message, false, d);
    if (param) this.param = param;
  }
}
/** The caller aborted (AbortSignal). */
export class AbortedError extends JustOneApiError {
  constructor(d: ErrorDetails = {}) {
    super('ABORTED', 'The request was aborted.', false, d);
  }
}

/** Maps a non-zero business code to its error. */
export function errorFromCode(code: number, details: ErrorDetails = {}): ApiCodeError {
  switch (code) {
    case 100: return new InvalidTokenError(details);
    case 301: return new CollectionFailedError(details);
    case 302: return new RateLimitError(details);
    case 303: return new DailyQuotaExceededError(details);
    case 400: return new InvalidParamsError(details);
    case 500: return new ServerError(500, details);
    case 503: return new ServerError(503, details);
    case 600: return new PermissionDeniedError(details);
    case 601: return new InsufficientBalanceError(details);
    default: return new UnknownCodeError(code, details);
  }
}

/** What each documented code means and what the SDK does with it: for docs and UIs. */
export const BUSINESS_CODES: ReadonlyArray<{ code: number; meaning: string; retried: boolean; action: string }> = [
  { code: 0, meaning: 'Success', retried: false, action: 'Data is returned.' },
  { code: 100, meaning: 'Invalid or inactive token', retried: false, action: 'Fix or renew the token.' },
  { code: 301, meaning: 'Collection failed', retried: true, action: 'Retried with backoff; try again later if it persists.' },
  { code: 302, meaning: 'Rate limit exceeded', retried: true, action: 'Retried after a longer wait; lower concurrency.' },
  { code: 303, meaning: 'Daily quota exceeded', retried: false, action: 'Wait for the daily reset or raise the quota.' },
  { code: 400, meaning: 'Invalid parameters', retried: false, action: 'Fix the parameters.' },
  { code: 500, meaning: 'Internal server error', retried: true, action: 'Retried with backoff.' },
  { code: 503, meaning: 'Service unavailable', retried: true, action: 'Retried with backoff.' },
  { code: 600, meaning: 'Permission denied', retried: false, action: 'Enable this API for your account.' },
  { code: 601, meaning: 'Insufficient balance', retried: false, action: 'Top up the account balance.' },
];
