import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';
import {
  AbortedError,
  ConnectionError,
  TimeoutError,
  redact,
  resolveBaseUrl,
  buildRequest,
  type HttpAnswer,
  type HttpRequest,
  type PreparedRequest,
} from '@justoneapi/sdk/runtime';

export const CREDENTIAL = 'justOneApi';

/** What the node takes from the credential: where to send requests, and the token. */
export interface Target {
  baseUrl: string;
  /** Only to mask it, should the API echo it in a message; the credential's `authenticate` block adds it to each request. */
  token: string;
}

/**
 * The API base URL from the credential's Environment, and its token. A Custom environment needs an
 * http(s) URL; it never falls back to the paid global API.
 */
export async function targetOf(ctx: IExecuteFunctions): Promise<Target> {
  const credentials = await ctx.getCredentials(CREDENTIAL);
  const token = String(credentials.token ?? '');
  const environment = String(credentials.environment ?? 'global');
  if (environment !== 'custom')
    return { baseUrl: resolveBaseUrl(environment === 'cn' ? 'cn' : 'global'), token };
  const url = String(credentials.baseUrl ?? '').trim();
  // resolveBaseUrl would take an empty URL for the paid global API; a malformed one is its ValidationError.
  if (url === '') {
    throw new NodeOperationError(
      ctx.getNode(),
      'The Just One API credential has Environment "Custom Base URL" but no Base URL',
      {
        description:
          'Enter a URL such as http://127.0.0.1:8787 in the credential, or choose the Global or Mainland China environment. Nothing was sent.',
      },
    );
  }
  return { baseUrl: resolveBaseUrl('global', url), token };
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return JSON.stringify(body);
}

/**
 * n8n's `sleep` for a retry or pacing wait, cut short when the execution is stopped (the next send then
 * gives up). n8n 2.x's sleep takes the signal and clears its timer then; older ones just let it run out.
 */
export async function wait(ctx: IExecuteFunctions, ms: number): Promise<void> {
  if (ms <= 0) return;
  const signal = ctx.getExecutionCancelSignal?.();
  if (!signal) return sleep(ms);
  if (signal.aborted) return;
  let onAbort = () => {};
  const stopped = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  await Promise.race([sleep(ms, signal).catch(() => {}), stopped]);
  signal.removeEventListener('abort', onAbort);
}

/**
 * The HTTP request for a prepared call, without the token: GET and the vendor's POST query operations
 * carry their parameters in the URL; its POST form operations carry theirs in an x-www-form-urlencoded
 * body. The credential's authenticate adds the token where the vendor reads it (the body or the query).
 */
export function httpOf(req: PreparedRequest, target: Target): HttpRequest {
  return buildRequest(target.baseUrl, req.op, req.params);
}

/**
 * Sends one attempt through n8n's own request helper with the credential, so n8n's proxy and
 * security settings apply and the credential adds the token (the URL here has none).
 */
export async function send(
  ctx: IExecuteFunctions,
  req: PreparedRequest,
  target: Target,
  timeoutMs: number,
  stopped: () => boolean,
): Promise<HttpAnswer> {
  // Stopped in the editor (n8n aborts the request in flight), or the node already failed on another
  // item (stopped()): no retry, no further page.
  const cancelled = () => stopped() || ctx.getExecutionCancelSignal?.()?.aborted === true;
  if (cancelled()) throw new AbortedError({ operation: req.op.id });
  const http = httpOf(req, target);
  try {
    const res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, {
      method: http.method,
      url: http.url,
      ...(http.body !== undefined
        ? { body: http.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }
        : {}),
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      json: false,
      encoding: 'text',
      timeout: timeoutMs,
    })) as {
      statusCode?: number;
      status?: number;
      body?: unknown;
      headers?: Record<string, string | undefined>;
    };
    const headers = res.headers ?? {};
    return {
      status: res.statusCode ?? res.status ?? 200,
      body: bodyText(res.body),
      headers: { 'retry-after': headers['retry-after'] },
    };
  } catch (error) {
    // A core error, so the core's retry policy sees it; execute.ts turns every failure into a NodeApiError.
    throw cancelled() ? new AbortedError({ operation: req.op.id }) : noAnswer(error, req, timeoutMs);
  }
}

/** The core error for a request that got no answer: a timeout or a connection failure (token redacted). */
function noAnswer(error: unknown, req: PreparedRequest, timeoutMs: number): TimeoutError | ConnectionError {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const details = { operation: req.op.id };
  const codes = [e.code, e.cause?.code];
  if (codes.includes('ECONNABORTED') || codes.includes('ETIMEDOUT') || /timeout/i.test(e.message ?? ''))
    return new TimeoutError(timeoutMs, details);
  return new ConnectionError(redact(e.cause?.code ?? e.code ?? e.message ?? 'network error'), details);
}
