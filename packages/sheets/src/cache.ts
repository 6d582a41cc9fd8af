// CacheService entries are at most 100 KB each and live at most 6 hours. Results are split into
// chunks; keys hash the operation and parameters (never the token) plus a generation counter that
// "Clear cache" bumps, since CacheService cannot list or clear its keys.
const TTL_SECONDS = 21_600;
const CHUNK = 90_000;
const GENERATION_KEY = 'JUSTONEAPI_CACHE_GENERATION';

const cache = () => CacheService.getDocumentCache() ?? CacheService.getScriptCache();

function generation(): string {
  return PropertiesService.getDocumentProperties().getProperty(GENERATION_KEY) ?? '0';
}

export function cacheKey(parts: unknown): string {
  const digest = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, JSON.stringify(parts), Utilities.Charset.UTF_8);
  return `xhs:${generation()}:${Utilities.base64EncodeWebSafe(digest)}`;
}

export function cacheGet<T>(key: string): T | undefined {
  const c = cache();
  const head = c.get(key);
  if (!head) return undefined;
  const count = Number(head);
  const parts = c.getAll(Array.from({ length: count }, (_, i) => `${key}:${i}`));
  const text = Array.from({ length: count }, (_, i) => parts[`${key}:${i}`]);
  if (text.some((t) => t === undefined || t === null)) return undefined;
  return JSON.parse(text.join('')) as T;
}

export function cachePut(key: string, value: unknown): void {
  const text = JSON.stringify(value);
  const chunks: Record<string, string> = {};
  let count = 0;
  for (let i = 0; i < text.length; i += CHUNK) chunks[`${key}:${count++}`] = text.slice(i, i + CHUNK);
  const c = cache();
  c.putAll(chunks, TTL_SECONDS);
  c.put(key, String(count), TTL_SECONDS);
}

export function cacheClear(): void {
  const props = PropertiesService.getDocumentProperties();
  props.setProperty(GENERATION_KEY, String(Number(generation()) + 1));
}
