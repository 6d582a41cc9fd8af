import { BASE_URLS, resolveBaseUrl } from '@justoneapi/sdk/core';

// User properties: the token belongs to the person who set it. In a custom function,
// getUserProperties() reads the spreadsheet OWNER's, so every formula spends the owner's token;
// an editor's own token serves only the menu refreshes (and schedules) that editor runs.
const TOKEN_KEY = 'JUSTONEAPI_TOKEN';
const REGION_KEY = 'JUSTONEAPI_REGION';

const props = () => PropertiesService.getUserProperties();

export function getToken(): string | null {
  return props().getProperty(TOKEN_KEY);
}

export function setToken(token: string): void {
  props().setProperty(TOKEN_KEY, token.trim());
}

export function removeToken(): void {
  props().deleteProperty(TOKEN_KEY);
}

/** 'global', 'cn', or a custom base URL. */
export function getRegion(): string {
  return props().getProperty(REGION_KEY) ?? 'global';
}

export function setRegion(region: string): void {
  const value = region.trim();
  if (value !== 'global' && value !== 'cn' && !/^https?:\/\/\S+$/.test(value)) {
    throw new Error(`Region must be "global", "cn" or a base URL starting with http(s)://, got "${value}".`);
  }
  props().setProperty(REGION_KEY, value);
}

export function baseUrl(): string {
  const region = getRegion();
  return region in BASE_URLS ? resolveBaseUrl(region) : resolveBaseUrl('global', region);
}

/** Thrown when no token is saved; the text depends on where it was needed (formula or menu). */
export class NoTokenError extends Error {
  constructor(readonly where: 'formula' | 'menu') {
    super('no token');
  }
}

export function requireToken(where: 'formula' | 'menu'): string {
  const token = getToken();
  if (!token) throw new NoTokenError(where);
  return token;
}

/** A SHA-256 of the token (web-safe base64): what cache keys hold, never the token. */
export function tokenHash(token: string): string {
  return Utilities.base64EncodeWebSafe(
    Utilities.computeDigest(
      Utilities.DigestAlgorithm.SHA_256,
      `justoneapi:${token}`,
      Utilities.Charset.UTF_8,
    ),
  );
}

/** Whether the spreadsheet's locale is Chinese (zh, zh_CN, zh_TW …): messages then add a Chinese line. */
export function chinese(): boolean {
  return /^zh/i.test(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
}
