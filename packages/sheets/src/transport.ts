import {
  ConnectionError,
  TimeoutError,
  redact,
  type HttpAnswer,
  type PreparedRequest,
} from '@justoneapi/sdk/core';

const OPTIONS = { muteHttpExceptions: true, followRedirects: true, validateHttpsCertificates: true } as const;

function answer(res: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpAnswer {
  const headers: Record<string, string> = {};
  const raw = res.getHeaders() as Record<string, string>;
  for (const k of Object.keys(raw)) headers[k.toLowerCase()] = String(raw[k]);
  return { status: res.getResponseCode(), body: res.getContentText(), headers };
}

/** UrlFetchApp throws (rather than answering) on DNS, TLS, connection and timeout failures. */
function failure(err: unknown, req: PreparedRequest, token: string): TimeoutError | ConnectionError {
  const message = err instanceof Error ? err.message : String(err);
  const details = { operation: req.op.id };
  // UrlFetchApp has no timeout option; its own limit is about 60 s.
  if (/timeout|timed out/i.test(message)) return new TimeoutError(60_000, details);
  return new ConnectionError(redact(message, token), details);
}

/** One synchronous request (for executeRequestSync). */
export function send(req: PreparedRequest, token: string): HttpAnswer {
  try {
    return answer(UrlFetchApp.fetch(req.url, OPTIONS));
  } catch (err) {
    throw failure(err, req, token);
  }
}

/**
 * Several requests in parallel with UrlFetchApp.fetchAll. If the batch itself throws (one URL
 * unreachable fails them all), each is retried alone so one bad request cannot sink the others.
 */
export function sendAll(
  reqs: PreparedRequest[],
  token: string,
): Array<HttpAnswer | TimeoutError | ConnectionError> {
  if (reqs.length === 0) return [];
  try {
    return UrlFetchApp.fetchAll(reqs.map((r) => ({ url: r.url, ...OPTIONS }))).map(answer);
  } catch {
    return reqs.map((r) => {
      try {
        return send(r, token);
      } catch (err) {
        return err as TimeoutError | ConnectionError;
      }
    });
  }
}
