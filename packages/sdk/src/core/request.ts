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

/** Query string for validated params; the token, when given, comes first as in the vendor's docs. */
export function buildQuery(params: Record<string, ParamValue>, token?: string): string {
  const pairs: string[] = [];
  if (token !== undefined) pairs.push(`token=${encodeURIComponent(token)}`);
  for (const [k, v] of Object.entries(params))
    pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.join('&');
}

/** Full request URL. Leave the token out when the host adds it (n8n credentials). */
export function buildUrl(
  baseUrl: string,
  op: OperationSpec,
  params: Record<string, ParamValue>,
  token?: string,
): string {
  const query = buildQuery(params, token);
  return `${baseUrl.replace(/\/+$/, '')}${op.path}${query ? `?${query}` : ''}`;
}

/** Masks the token in a URL or any text: `token=***`, and the raw value wherever it appears. */
export function redact(text: string, token?: string): string {
  let out = text.replace(/([?&]token=)[^&#\s"']*/gi, '$1***');
  if (token && token.length >= 3) out = out.split(token).join('***');
  return out;
}
