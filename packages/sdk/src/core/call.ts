import type { OperationSpec } from './catalog-types.js';
import { decodeAnswer, type Envelope, type HttpAnswer } from './envelope.js';
import { type Params, type ParamValue, type ValidateOptions, validateParams } from './params.js';
import { buildRequest, redact } from './request.js';
import { retryDelay, type RetryPolicy } from './retry.js';

/**
 * A validated request, ready for any transport. `url` (and `body`, for POST form operations) hold the
 * token if one was given; `safeUrl` never does.
 */
export interface PreparedRequest {
  op: OperationSpec;
  params: Record<string, ParamValue>;
  method: 'GET' | 'POST';
  url: string;
  /** application/x-www-form-urlencoded body of a POST form operation. */
  body?: string;
  safeUrl: string;
}

/** Validates params (throws ValidationError) and builds the URL. Pass no token when the host adds it. */
export function prepareRequest(
  op: OperationSpec,
  params: Params | undefined,
  target: { baseUrl: string; token?: string },
  options: ValidateOptions = {},
): PreparedRequest {
  const valid = validateParams(op, params, options);
  const http = buildRequest(target.baseUrl, op, valid, target.token);
  return { op, params: valid, ...http, safeUrl: redact(http.url, target.token) };
}

export interface RetryEvent {
  error: unknown;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  safeUrl: string;
}

export interface ExecuteOptions<Send> {
  /** Sends one attempt. Throws a JustOneApiError (TimeoutError, ConnectionError, AbortedError) when no answer came. */
  send: Send;
  policy: RetryPolicy;
  random?: () => number;
  now?: () => number;
  onRetry?: (event: RetryEvent) => void;
  /** The token, where the host knows it: masked in the API's messages should the API echo it. */
  secret?: string;
  /** With `now`: no retry whose wait would end after this time; the error is thrown instead. */
  deadline?: number;
}

/** The wait before the next attempt (reported to onRetry), or undefined when the error is final. */
function nextDelay(
  error: unknown,
  attempt: number,
  req: PreparedRequest,
  options: ExecuteOptions<unknown>,
): number | undefined {
  const delayMs = retryDelay(error, attempt, options.policy, options.random);
  if (delayMs === undefined) return undefined;
  if (options.deadline !== undefined && options.now && options.now() + delayMs > options.deadline)
    return undefined;
  options.onRetry?.({ error, retry: attempt + 1, delayMs, safeUrl: req.safeUrl });
  return delayMs;
}

/** Runs a prepared request with retries, for hosts with an asynchronous transport (Node, n8n, Node-RED). */
export async function executeRequest<T = unknown>(
  req: PreparedRequest,
  options: ExecuteOptions<(req: PreparedRequest, attempt: number) => Promise<HttpAnswer>> & {
    sleep: (ms: number) => Promise<void>;
  },
): Promise<Envelope<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await options.send(req, attempt);
      return decodeAnswer<T>(req.op, answer, options.now?.(), options.secret);
    } catch (error) {
      const delayMs = nextDelay(error, attempt, req, options);
      if (delayMs === undefined) throw error;
      await options.sleep(delayMs);
    }
  }
}

/** The same loop for synchronous hosts (Apps Script's UrlFetchApp + Utilities.sleep). */
export function executeRequestSync<T = unknown>(
  req: PreparedRequest,
  options: ExecuteOptions<(req: PreparedRequest, attempt: number) => HttpAnswer> & {
    sleep: (ms: number) => void;
  },
): Envelope<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return decodeAnswer<T>(req.op, options.send(req, attempt), options.now?.(), options.secret);
    } catch (error) {
      const delayMs = nextDelay(error, attempt, req, options);
      if (delayMs === undefined) throw error;
      options.sleep(delayMs);
    }
  }
}
