import { BASE_URLS, resolveBaseUrl } from '@justoneapi/sdk/core';

// User properties: the token belongs to the person who set it. In a custom function,
// getUserProperties() reads the spreadsheet owner's, so formulas spend the owner's token.
const TOKEN_KEY = 'JUSTONEAPI_TOKEN';
const REGION_KEY = 'JUSTONEAPI_REGION';

const props = () => PropertiesService.getUserProperties();

export function getToken(): string | null {
  return props().getProperty(TOKEN_KEY);
}

export function setToken(token: string): void {
  props().setProperty(TOKEN_KEY, token.trim());
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

export function requireToken(): string {
  const token = getToken();
  if (!token) throw new Error('XHS: no token. Use the menu Just One API > Set token… first.');
  return token;
}
