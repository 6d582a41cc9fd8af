// CacheService keeps a value for at most 6 hours and at most 100 KB of it (UTF-8 bytes: Chinese text
// takes 3 per character). Values are split into chunks; keys hash the base URL, a hash of the token
// (results fetched with one account are never served to another; the token itself is never in a key),
// the operation and parameters, plus a generation counter that "Clear cache" bumps, since
// CacheService cannot list or clear its keys.
const TTL_SECONDS = 21_600;
const CHUNK_BYTES = 90_000;
const GENERATION_KEY = 'JUSTONEAPI_CACHE_GENERATION';

const cache = () => CacheService.getDocumentCache() ?? CacheService.getScriptCache();

function generation(): string {
  return PropertiesService.getDocumentProperties().getProperty(GENERATION_KEY) ?? '0';
}

/** A SHA-256 of `parts` as JSON (web-safe base64). */
export function hashKey(parts: unknown): string {
  return Utilities.base64EncodeWebSafe(
    Utilities.computeDigest(
      Utilities.DigestAlgorithm.SHA_256,
      JSON.stringify(parts),
      Utilities.Charset.UTF_8,
    ),
  );
}

export function cacheKey(parts: unknown): string {
  return `joa:${generation()}:${hashKey(parts)}`;
}

/** Pieces of at most CHUNK_BYTES of UTF-8 each, never cut inside a character (emoji are 2 UTF-16 units). */
function chunks(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let end = 0;
  let bytes = 0;
  for (const ch of text) {
    const n = ch.length === 2 ? 4 : ch <= '\u007f' ? 1 : ch <= '\u07ff' ? 2 : 3;
    if (bytes + n > CHUNK_BYTES) {
      out.push(text.slice(start, end));
      start = end;
      bytes = 0;
    }
    bytes += n;
    end += ch.length;
  }
  out.push(text.slice(start));
  return out;
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
  const pieces = chunks(JSON.stringify(value));
  const c = cache();
  c.putAll(Object.fromEntries(pieces.map((piece, i) => [`${key}:${i}`, piece])), TTL_SECONDS);
  c.put(key, String(pieces.length), TTL_SECONDS);
}

export function cacheRemove(key: string): void {
  cache().remove(key);
}

export function cacheClear(): void {
  const props = PropertiesService.getDocumentProperties();
  props.setProperty(GENERATION_KEY, String(Number(generation()) + 1));
}
