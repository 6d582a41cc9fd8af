// Runs dist/Code.js as Apps Script would: a bare vm context holding only fakes of the Apps Script
// services the bundle uses (no Node or browser globals: no fetch, URL, setTimeout, process).
// UrlFetchApp is backed by real HTTP to the sandbox; the spreadsheet lives in memory.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import vm from 'node:vm';

// JUSTONEAPI_SHEETS_CODE runs the tests against another build (e.g. main's, to see a test fail there).
const CODE = process.env.JUSTONEAPI_SHEETS_CODE ?? new URL('../dist/Code.js', import.meta.url);
const HTTP = new URL('./http-sync.mjs', import.meta.url).pathname;

type Cell = string | number | boolean | Date;

/**
 * What Sheets stores for a value written with setValues: a string in a cell not formatted as plain
 * text ('@') is parsed, so "=_=" becomes a formula and "63498939967" a number; a leading apostrophe
 * forces text. (Dates are not modelled.)
 */
function interpret(value: Cell, format: string | undefined): Cell | { formula: string } {
  if (typeof value !== 'string' || format === '@') return value;
  if (value.startsWith("'")) return value.slice(1);
  if (value.startsWith('=')) return { formula: value };
  if (/^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

export class FakeSheet {
  cells: Array<Array<Cell | { formula: string }>> = [];
  /** Number formats by cell; clearContents keeps them, as in Sheets. */
  formats: string[][] = [];
  frozen = 0;
  setValuesCalls = 0;
  /** The harness clock at each setValues: when the run wrote what. */
  writtenAt: number[] = [];
  metadata: Array<{ key: string; value: string }> = [];
  constructor(
    public name: string,
    private clock: { now: number } = { now: 0 },
  ) {}
  getName() {
    return this.name;
  }
  getLastRow() {
    return this.cells.length;
  }
  getLastColumn() {
    return Math.max(0, ...this.cells.map((r) => r.length));
  }
  addDeveloperMetadata(key: string, value = '') {
    this.metadata.push({ key, value });
    return this;
  }
  getDeveloperMetadata() {
    return this.metadata.map((m) => ({ getKey: () => m.key, getValue: () => m.value }));
  }
  setFrozenRows(n: number) {
    this.frozen = n;
  }
  clearContents() {
    this.cells = [];
    return this;
  }
  getRange(row: number, col: number, rows = 1, cols = 1) {
    const check = (grid: unknown[][], what: string) => {
      if (grid.length !== rows || grid.some((v) => v.length !== cols))
        throw new Error(`${what}: ${grid.length}x${grid[0]?.length} into ${rows}x${cols}`);
    };
    const range = {
      getValues: () =>
        Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, c) => this.cells[row - 1 + r]?.[col - 1 + c] ?? ''),
        ),
      setNumberFormat: (format: string) =>
        range.setNumberFormats(
          Array.from({ length: rows }, () => Array.from({ length: cols }, () => format)),
        ),
      setNumberFormats: (formats: string[][]) => {
        check(formats, 'setNumberFormats');
        formats.forEach((v, r) =>
          v.forEach((f, c) => {
            (this.formats[row - 1 + r] ??= [])[col - 1 + c] = f;
          }),
        );
        return range;
      },
      setValues: (values: Cell[][]) => {
        check(values, 'setValues');
        this.setValuesCalls++;
        this.writtenAt.push(this.clock.now);
        values.forEach((v, r) =>
          v.forEach((x, c) => {
            const line = (this.cells[row - 1 + r] ??= []);
            while (line.length < col - 1 + c) line.push('');
            line[col - 1 + c] = interpret(x, this.formats[row - 1 + r]?.[col - 1 + c]);
          }),
        );
        return range;
      },
    };
    return range;
  }
}

export interface Harness {
  context: vm.Context;
  call: (name: string, ...args: unknown[]) => any;
  sheets: Map<string, FakeSheet>;
  logs: string[];
  alerts: string[];
  prompts: Array<{ button: 'OK' | 'CANCEL'; text: string }>;
  triggers: Array<{ handler: string; every: string }>;
  sleeps: number[];
  fetches: string[];
  /** Each request as UrlFetchApp sent it: method, URL, Content-Type and body. */
  requests: WireRequest[];
  /** Each UrlFetchApp call: 'fetch' or 'fetchAll', how many URLs, and the clock when it started. */
  fetchCalls: Array<{ kind: 'fetch' | 'fetchAll'; urls: number; at: number }>;
  /** The real wait before the fake gives up on a request; a request given up on "took" UrlFetch's 60 s. */
  http: { timeoutMs: number };
  /** Utilities.ungzip calls: how much of the packed catalog an execution decoded. */
  ungzips: { count: number };
  /** The spreadsheet's locale and time zone (File > Settings). */
  book: { locale: string; timeZone: string; active?: string };
  userProps: Map<string, string>;
  scriptProps: Map<string, string>;
  /** The document properties (caps, today's count, resume points, remembered ids). */
  docProps: Map<string, string>;
  clock: { now: number; perFetchMs: number };
  menu: Array<{ caption: string; fn?: string; sub?: unknown }>;
  /** The fake CacheService's contents (key -> value), as stored. */
  cache: Map<string, string>;
  /** Set to make every CacheService write throw, like a service error. */
  cacheFails: { on: boolean };
}

// CacheService limits (developers.google.com/apps-script/reference/cache/cache): keys up to 250
// characters, values up to 100 KB (counted here as 100,000 UTF-8 bytes), at most 6 hours.
const CACHE_MAX_KEY = 250;
const CACHE_MAX_VALUE_BYTES = 100_000;
const CACHE_MAX_TTL = 21_600;

function store(map: Map<string, string>) {
  return {
    getProperty: (k: string) => (map.has(k) ? map.get(k)! : null),
    setProperty: (k: string, v: string) => {
      map.set(k, String(v));
    },
    deleteProperty: (k: string) => {
      map.delete(k);
    },
  };
}

/** A Blob of Utilities.newBlob: bytes (signed, as Apps Script has them) and their UTF-8 text. */
function blob(bytes: number[], type = '') {
  const buffer = Buffer.from(bytes.map((b) => (b + 256) % 256));
  return {
    bytes: buffer,
    getContentType: () => type,
    getBytes: () => [...buffer].map((b) => (b > 127 ? b - 256 : b)),
    getDataAsString: () => buffer.toString('utf8'),
  };
}

/** UrlFetchApp's request options the bundle may use (developers.google.com/apps-script/reference/url-fetch). */
interface FetchParams {
  method?: string;
  contentType?: string;
  payload?: string | Record<string, string> | number[];
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const METHODS = ['get', 'delete', 'patch', 'post', 'put'];
const KNOWN = new Set([
  'url',
  'method',
  'contentType',
  'payload',
  'headers',
  'muteHttpExceptions',
  'followRedirects',
  'validateHttpsCertificates',
  'escaping',
  'useIntranet',
]);

/**
 * What UrlFetchApp puts on the wire for fetch(url, params): `method` (get, delete, patch, post, put;
 * default get), `payload` (a string sent as is; an object sent as form fields; a byte array), sent with
 * `contentType` (default application/x-www-form-urlencoded). GET takes no payload ("Certain HTTP methods
 * (e.g. GET) do not accept a payload"): refused here rather than guessed. An unknown option is refused.
 */
function wire(url: string, params: FetchParams): WireRequest {
  for (const k of Object.keys(params))
    if (!KNOWN.has(k)) throw new Error(`Exception: Invalid argument: unknown option ${k}`);
  const method = (params.method ?? 'get').toLowerCase();
  if (!METHODS.includes(method)) throw new Error(`Exception: Invalid argument: method ${params.method}`);
  const headers: Record<string, string> = { ...(params.headers ?? {}) };
  const p = params.payload;
  if (p === undefined || p === null) return { method: method.toUpperCase(), url, headers };
  if (method === 'get') throw new Error('Exception: a GET request takes no payload (not modelled)');
  const body =
    typeof p === 'string'
      ? p
      : Array.isArray(p)
        ? Buffer.from(p.map((b) => (b + 256) % 256)).toString('utf8')
        : new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)])).toString();
  headers['content-type'] = params.contentType ?? 'application/x-www-form-urlencoded';
  return { method: method.toUpperCase(), url, headers, body };
}

export function createHarness(opts: { cache?: Map<string, string>; code?: string } = {}): Harness {
  const h = {
    sheets: new Map<string, FakeSheet>(),
    logs: [] as string[],
    alerts: [] as string[],
    prompts: [] as Harness['prompts'],
    triggers: [] as Harness['triggers'],
    sleeps: [] as number[],
    fetches: [] as string[],
    requests: [] as WireRequest[],
    fetchCalls: [] as Harness['fetchCalls'],
    ungzips: { count: 0 },
    http: { timeoutMs: 10_000 },
    book: { locale: 'en_US', timeZone: 'Asia/Shanghai' } as Harness['book'],
    userProps: new Map<string, string>(),
    scriptProps: new Map<string, string>(),
    docProps: new Map<string, string>(),
    clock: { now: Date.parse('2026-11-24T08:00:00Z'), perFetchMs: 0 },
    menu: [] as Harness['menu'],
  };
  const docProps = h.docProps;
  const cache = opts.cache ?? new Map<string, string>();
  const cacheFails = { on: false };
  const cachePut = (entries: Record<string, string>, ttl = 600) => {
    if (cacheFails.on) throw new Error('Exception: Service error: CacheService');
    for (const [k, v] of Object.entries(entries)) {
      if (k.length > CACHE_MAX_KEY)
        throw new Error(`Exception: Argument too large: key (${k.length} characters)`);
      if (Buffer.byteLength(v, 'utf8') > CACHE_MAX_VALUE_BYTES)
        throw new Error(`Exception: Argument too large: value (${Buffer.byteLength(v, 'utf8')} bytes)`);
      if (ttl > CACHE_MAX_TTL) throw new Error(`Exception: expiration ${ttl} s is more than 6 hours`);
    }
    // Stored as UTF-8: a value cut inside a surrogate pair would come back damaged.
    for (const [k, v] of Object.entries(entries)) cache.set(k, Buffer.from(v, 'utf8').toString('utf8'));
  };
  // Without muteHttpExceptions, UrlFetchApp throws on an HTTP status of 400 or more (its message
  // carries the URL and the start of the answer) instead of returning the response.
  const toResponse = (
    a: { status?: number; body?: string; headers?: Record<string, string>; error?: string },
    req: { url: string; muteHttpExceptions?: boolean },
  ) => {
    if (a.error) throw new Error(a.error);
    if (!req.muteHttpExceptions && a.status! >= 400)
      throw new Error(
        `Exception: Request failed for ${req.url} returned code ${a.status}. Truncated server response: ${a.body?.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
      );
    return { getResponseCode: () => a.status, getContentText: () => a.body, getHeaders: () => a.headers };
  };
  // UrlFetchApp gives up on a request after about 60 s: a batch with a request given up on took that long.
  const httpAll = (reqs: WireRequest[], kind: 'fetch' | 'fetchAll') => {
    h.fetches.push(...reqs.map((r) => r.url));
    h.requests.push(...reqs);
    h.fetchCalls.push({ kind, urls: reqs.length, at: h.clock.now });
    const answers = JSON.parse(
      execFileSync(process.execPath, [HTTP], {
        input: JSON.stringify(reqs.map((r) => ({ ...r, timeoutMs: h.http.timeoutMs }))),
      }).toString(),
    ) as Array<{ error?: string }>;
    h.clock.now += answers.some((a) => /timed out/i.test(a.error ?? '')) ? 60_000 : h.clock.perFetchMs;
    return answers as never[];
  };
  const book = {
    getSheetByName: (n: string) => h.sheets.get(n) ?? null,
    getSheets: () => [...h.sheets.values()],
    getActiveSheet: () => h.sheets.get(h.book.active ?? '') ?? [...h.sheets.values()][0] ?? null,
    setActiveSheet: (s: FakeSheet) => {
      h.book.active = s.name;
      return s;
    },
    getSpreadsheetLocale: () => h.book.locale,
    getSpreadsheetTimeZone: () => h.book.timeZone,
    insertSheet: (n: string) => {
      if (h.sheets.has(n)) throw new Error(`Exception: A sheet with the name "${n}" already exists.`);
      const s = new FakeSheet(n, h.clock);
      h.sheets.set(n, s);
      return s;
    },
  };
  const menuBuilder = (items: Harness['menu']) => {
    const m = {
      addItem: (caption: string, fn: string) => {
        items.push({ caption, fn });
        return m;
      },
      addSeparator: () => m,
      addSubMenu: (sub: { items: unknown }) => {
        items.push({ caption: 'submenu', sub: sub.items });
        return m;
      },
      addToUi: () => {
        h.menu.splice(0, h.menu.length, ...items);
      },
      items,
    };
    return m;
  };
  const trigger = (handler: string) => {
    const t = { every: '', getHandlerFunction: () => handler };
    const b = {
      timeBased: () => b,
      everyHours: (n: number) => {
        t.every = `hours:${n}`;
        return b;
      },
      everyDays: (n: number) => {
        t.every = `days:${n}`;
        return b;
      },
      after: (ms: number) => {
        t.every = `after:${ms}`;
        return b;
      },
      atHour: (n: number) => {
        t.every += `@${n}`;
        return b;
      },
      create: () => {
        h.triggers.push({
          handler,
          get every() {
            return t.every;
          },
        } as never);
        return t;
      },
    };
    return b;
  };
  const fakes = {
    UrlFetchApp: {
      fetch: (url: string, params: FetchParams = {}) =>
        toResponse(httpAll([wire(url, params)], 'fetch')[0]!, { url, ...params }),
      // Like Apps Script: one request that gets no answer fails the whole batch, and every answer is lost.
      fetchAll: (reqs: Array<FetchParams & { url: string }>) => {
        const answers = httpAll(
          reqs.map((r) => wire(r.url, r)),
          'fetchAll',
        ) as Array<{ error?: string }>;
        if (answers.some((a) => a.error)) throw new Error(answers.find((a) => a.error)!.error);
        return answers.map((a, i) => toResponse(a, reqs[i]!));
      },
    },
    PropertiesService: {
      getUserProperties: () => store(h.userProps),
      getScriptProperties: () => store(h.scriptProps),
      getDocumentProperties: () => store(docProps),
    },
    CacheService: {
      getDocumentCache: () => ({
        get: (k: string) => cache.get(k) ?? null,
        getAll: (ks: string[]) =>
          Object.fromEntries(ks.filter((k) => cache.has(k)).map((k) => [k, cache.get(k)])),
        put: (k: string, v: string, ttl?: number) => cachePut({ [k]: v }, ttl),
        putAll: (o: Record<string, string>, ttl?: number) => cachePut(o, ttl),
        remove: (k: string) => {
          cache.delete(k);
        },
      }),
    },
    LockService: { getDocumentLock: () => ({ tryLock: () => true, releaseLock: () => {} }) },
    SpreadsheetApp: {
      getActiveSpreadsheet: () => book,
      getUi: () => ({
        createMenu: () => menuBuilder([]),
        ButtonSet: { OK: 'OK', OK_CANCEL: 'OK_CANCEL' },
        Button: { OK: 'OK', CANCEL: 'CANCEL' },
        alert: (...args: string[]) => {
          h.alerts.push(args.filter((a) => a !== 'OK').join(' | '));
        },
        prompt: () => {
          const next = h.prompts.shift() ?? { button: 'CANCEL', text: '' };
          return { getSelectedButton: () => next.button, getResponseText: () => next.text };
        },
      }),
    },
    ScriptApp: {
      newTrigger: trigger,
      getProjectTriggers: () => [...h.triggers].map((t) => ({ getHandlerFunction: () => t.handler, _t: t })),
      deleteTrigger: (t: { _t: unknown }) => {
        h.triggers.splice(h.triggers.indexOf(t._t as never), 1);
      },
    },
    Utilities: {
      sleep: (ms: number) => {
        h.sleeps.push(ms);
        h.clock.now += ms;
      },
      computeDigest: (_alg: unknown, text: string) =>
        [...createHash('sha256').update(text, 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b)),
      base64EncodeWebSafe: (bytes: number[]) =>
        Buffer.from(bytes.map((b) => (b + 256) % 256)).toString('base64url'),
      base64Decode: (text: string) => [...Buffer.from(text, 'base64')].map((b) => (b > 127 ? b - 256 : b)),
      newBlob: (bytes: number[], type?: string) => blob(bytes, type),
      ungzip: (b: ReturnType<typeof blob>) => {
        h.ungzips.count++;
        return blob([...gunzipSync(b.bytes)], 'application/octet-stream');
      },
      // Only the pattern the bundle uses: a day in a time zone.
      formatDate: (date: Date, timeZone: string, pattern: string) => {
        if (pattern !== 'yyyy-MM-dd') throw new Error(`formatDate: pattern ${pattern} not modelled`);
        return new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(date);
      },
      DigestAlgorithm: { SHA_256: 'SHA_256' },
      Charset: { UTF_8: 'UTF_8' },
    },
    Session: { getScriptTimeZone: () => 'Asia/Shanghai' },
    // The project's HTML files: those beside the Code.js under test.
    HtmlService: {
      createHtmlOutputFromFile: (name: string) => {
        const code = opts.code ?? (typeof CODE === 'string' ? CODE : CODE.pathname);
        const file = join(dirname(code), `${name}.html`);
        if (!existsSync(file)) throw new Error(`Exception: No HTML file named ${name} was found.`);
        return { getContent: () => readFileSync(file, 'utf8') };
      },
    },
    Logger: {
      log: (m: unknown) => {
        h.logs.push(String(m));
      },
    },
  };
  const context = vm.createContext(fakes);
  // A clock the tests can move (Apps Script's Date is V8's own; only now() is redirected).
  vm.runInContext(
    'Date.now = function () { return __clock.now; };',
    Object.assign(context, { __clock: h.clock }),
  );
  vm.runInContext(readFileSync(opts.code ?? CODE, 'utf8'), context, { filename: 'Code.js' });
  return {
    ...h,
    cache,
    cacheFails,
    context,
    call: (name, ...args) => (context as Record<string, (...a: unknown[]) => unknown>)[name]!(...args),
  } as Harness;
}
