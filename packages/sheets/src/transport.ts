import {
  ConnectionError,
  TimeoutError,
  redact,
  type HttpAnswer,
  type PreparedRequest,
} from '@justoneapi/sdk/core';

const OPTIONS = { muteHttpExceptions: true, followRedirects: true, validateHttpsCertificates: true } as const;
const FORM = 'application/x-www-form-urlencoded';

/** UrlFetchApp has no timeout option: it gives up on a request after about 60 s. Every wait is budgeted at this. */
export const URLFETCH_TIMEOUT_MS = 60_000;

function answer(res: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpAnswer {
  const headers: Record<string, string> = {};
  const raw = res.getHeaders() as Record<string, string>;
  for (const k of Object.keys(raw)) headers[k.toLowerCase()] = String(raw[k]);
  return { status: res.getResponseCode(), body: res.getContentText(), headers };
}

/** UrlFetchApp throws (rather than answering) on DNS, TLS, connection and timeout failures. */
function failure(err: unknown, operation: string, token: string): TimeoutError | ConnectionError {
  const message = err instanceof Error ? err.message : String(err);
  const details = { operation };
  if (/timeout|timed out/i.test(message)) return new TimeoutError(URLFETCH_TIMEOUT_MS, details);
  return new ConnectionError(redact(message, token), details);
}

/**
 * UrlFetchApp's options for a prepared request: its method, and a POST form operation's body as the
 * payload (a string is sent as is, with `contentType`). A POST whose parameters the vendor puts in the
 * query has them, and the token, in `req.url` and no payload.
 */
function options(req: PreparedRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const method = req.method === 'POST' ? 'post' : 'get';
  if (req.body === undefined) return { ...OPTIONS, method };
  return { ...OPTIONS, method, contentType: FORM, payload: req.body };
}

/** One synchronous request (for executeRequestSync). */
export function send(req: PreparedRequest, token: string): HttpAnswer {
  try {
    return answer(UrlFetchApp.fetch(req.url, options(req)));
  } catch (err) {
    throw failure(err, req.op.id, token);
  }
}

/**
 * Several requests in parallel with UrlFetchApp.fetchAll. When one of them gets no answer, fetchAll
 * throws and every answer of the batch is lost: this throws that failure (retryable), and the caller
 * decides what to send again.
 */
export function sendBatch(reqs: PreparedRequest[], token: string): HttpAnswer[] {
  try {
    return UrlFetchApp.fetchAll(reqs.map((r) => ({ url: r.url, ...options(r) }))).map(answer);
  } catch (err) {
    throw failure(err, reqs[0]?.op.id ?? '', token);
  }
}
