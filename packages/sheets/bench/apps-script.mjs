// The Apps Script services a formula touches, as plain in-memory stand-ins for the bench: the cost
// measured is the bundle's, not the stand-ins'. (The tests' harness, test/harness.ts, models the services
// faithfully; here only what a cached =XHS_SEARCH_USERS("咖啡") reads.)
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

const signed = (buffer) => Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
const blob = (bytes) => {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.map((b) => (b + 256) % 256));
  return { buffer, getBytes: () => signed(buffer), getDataAsString: () => buffer.toString('utf8') };
};

/**
 * One spreadsheet's services: `cache` (CacheService's contents) and the properties outlive each
 * execution, so a formula run once with `answer` (UrlFetchApp's reply) is cached for the next ones.
 */
export function spreadsheet({ token, baseUrl, answer }) {
  const cache = new Map();
  const user = new Map([
    ['JUSTONEAPI_TOKEN', token],
    ['JUSTONEAPI_REGION', baseUrl],
  ]);
  const doc = new Map();
  const script = new Map();
  const store = (m) => ({
    getProperty: (k) => m.get(k) ?? null,
    setProperty: (k, v) => m.set(k, String(v)),
    deleteProperty: (k) => m.delete(k),
  });
  const stats = { fetches: 0 };
  const services = () => ({
    UrlFetchApp: {
      fetch: () => {
        stats.fetches++;
        return { getResponseCode: () => 200, getContentText: () => answer, getHeaders: () => ({}) };
      },
    },
    CacheService: {
      getDocumentCache: () => ({
        get: (k) => cache.get(k) ?? null,
        getAll: (ks) => Object.fromEntries(ks.filter((k) => cache.has(k)).map((k) => [k, cache.get(k)])),
        put: (k, v) => cache.set(k, v),
        putAll: (o) => Object.entries(o).forEach(([k, v]) => cache.set(k, v)),
        remove: (k) => cache.delete(k),
      }),
    },
    PropertiesService: {
      getUserProperties: () => store(user),
      getDocumentProperties: () => store(doc),
      getScriptProperties: () => store(script),
    },
    SpreadsheetApp: {
      getActiveSpreadsheet: () => ({
        getSpreadsheetLocale: () => 'en_US',
        getSpreadsheetTimeZone: () => 'Asia/Shanghai',
      }),
    },
    LockService: { getDocumentLock: () => ({ tryLock: () => true, releaseLock: () => {} }) },
    Logger: { log: () => {} },
    Utilities: {
      sleep: () => {},
      computeDigest: (_alg, text) => signed(createHash('sha256').update(text, 'utf8').digest()),
      base64EncodeWebSafe: (bytes) => Buffer.from(bytes.map((b) => (b + 256) % 256)).toString('base64url'),
      base64Decode: (text) => signed(Buffer.from(text, 'base64')),
      newBlob: (bytes) => blob(bytes),
      ungzip: (b) => blob(gunzipSync(b.buffer)),
      DigestAlgorithm: { SHA_256: 'SHA_256' },
      Charset: { UTF_8: 'UTF_8' },
    },
  });
  return { services, stats, cache };
}
