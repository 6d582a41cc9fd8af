import type { OperationSpec } from './catalog-types.js';
import { ValidationError } from './errors.js';
import type { ParamValue } from './params.js';

export const BASE_URLS = {
  global: 'https://api.justoneapi.com',
  cn: 'http://47.117.133.51:30015',
} as const;
export type Region = keyof typeof BASE_URLS;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/** The base URL for a region or an explicit override (trailing slashes removed). */
export function resolveBaseUrl(region: Region | string | undefined, baseUrl?: string): string {
  const chosen =
    baseUrl && baseUrl.trim() !== '' ? baseUrl.trim() : BASE_URLS[(region ?? 'global') as Region];
  if (!chosen)
    throw new ValidationError(
      `Unknown region "${region}": use "global" or "cn", or give a baseUrl.`,
      'region',
    );
  // Checked here rather than left to fetch: a malformed URL would otherwise surface as a retried connection error.
  const url = /^https?:\/\/[^\s/?#:]+(?::(\d{1,5}))?(?:\/[^\s?#]*)?$/i.exec(chosen);
  if (!url || Number(url[1] ?? 0) > 65535) {
    throw new ValidationError(
      `Base URL "${chosen}" is not an http(s) URL such as https://api.justoneapi.com or http://127.0.0.1:8787.`,
      'baseUrl',
    );
  }
  return chosen.replace(/\/+$/, '');
}

/** `a=1&b=2` for validated params; the token, when given, comes first as in the vendor's docs. */
export function buildQuery(params: Record<string, ParamValue>, token?: string): string {
  const pairs: string[] = [];
  if (token !== undefined) pairs.push(`token=${encodeURIComponent(token)}`);
  for (const [k, v] of Object.entries(params))
    pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.join('&');
}

/** The longest request URL sent: Apps Script's UrlFetch refuses longer ones, and servers answer 414/431. */
export const MAX_URL_BYTES = 2048;
/** Bytes kept for `token=<token>&` when the host adds the token itself. */
const TOKEN_ALLOWANCE = 80;

/** An HTTP request for any transport: the URL (query included), and a form body for POST form operations. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** application/x-www-form-urlencoded, present for operations whose parameters go in a form body. */
  body?: string;
}

/**
 * The request for validated params. Leave the token out when the host adds it (n8n credentials):
 * it then goes in the query, or, for operations with `tokenIn: 'body'`, it must be added to the body.
 * Throws ValidationError when the URL would exceed MAX_URL_BYTES: nothing is sent.
 */
export function buildRequest(
  baseUrl: string,
  op: OperationSpec,
  params: Record<string, ParamValue>,
  token?: string,
): HttpRequest {
  const query: Record<string, ParamValue> = {};
  const form: Record<string, ParamValue> = {};
  for (const p of op.params)
    if (params[p.name] !== undefined) (p.in === 'body' ? form : query)[p.name] = params[p.name]!;
  const inBody = op.tokenIn === 'body';
  const qs = buildQuery(query, inBody ? undefined : token);
  const url = `${baseUrl.replace(/\/+$/, '')}${op.path}${qs ? `?${qs}` : ''}`;
  const bytes = utf8Length(url) + (token === undefined && !inBody ? TOKEN_ALLOWANCE : 0);
  if (bytes > MAX_URL_BYTES) {
    const longest = Object.entries(query).sort((a, b) => String(b[1]).length - String(a[1]).length)[0];
    const why = `would make a request URL of ${bytes} bytes, over the ${MAX_URL_BYTES} the API and Apps Script accept. Shorten it.`;
    throw new ValidationError(
      `${op.id}: input too long: the request URL would be ${bytes} bytes, over the ${MAX_URL_BYTES} the API and Apps Script accept${longest ? ` (${longest[0]} is ${String(longest[1]).length} characters)` : ''}. Shorten it; nothing was sent.`,
      longest?.[0],
      { operation: op.id },
      { kind: 'too-long', value: bytes, limit: MAX_URL_BYTES, text: why },
    );
  }
  const req: HttpRequest = { method: op.httpMethod, url };
  if (op.httpMethod === 'POST' && (inBody || Object.keys(form).length)) {
    req.body = buildQuery(form, inBody ? token : undefined);
  }
  return req;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/** Full request URL (GET operations). Leave the token out when the host adds it (n8n credentials). */
export function buildUrl(
  baseUrl: string,
  op: OperationSpec,
  params: Record<string, ParamValue>,
  token?: string,
): string {
  return buildRequest(baseUrl, op, params, token).url;
}

/** Masks the token in a URL or any text: `token=***`, and the raw value wherever it appears. */
export function redact(text: string, token?: string): string {
  let out = text.replace(/([?&]token=)[^&#\s"']*/gi, '$1***');
  if (token && token.length >= 3) out = out.split(token).join('***');
  return out;
}
