import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { defaultOperations, type SandboxOperation } from './catalog.js';
import { genericPage, noteFeedPage, repeatedPage, userSearchPage, type DataOptions } from './data.js';
import { wireParamProblem } from '@justoneapi/sdk/core';
import { withDefaults } from './params.js';
import { wireProblem } from './wire.js';
import { RateLimiter, retryAfterSeconds, type RateLimitOptions } from './rate-limit.js';
import { faultApplies, hasFault, parseMagicToken, type Scenario } from './scenarios.js';
import { SandboxStats } from './stats.js';

export const DEFAULT_TOKEN = 'sandbox';

export interface SandboxOptions extends DataOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted tokens (default ['sandbox']); others get code 100. Magic `sandbox-…` tokens are always accepted. */
  tokens?: string[];
  /** Latency added to every answer, in ms. */
  latencyMs?: number;
  /** HTTP status of business errors: 'mirror' (401, 429, 403 …, default) or 'always200'. */
  errorHttpStatus?: 'mirror' | 'always200';
  /** Scenarios by token; the token is accepted. */
  scenarios?: Record<string, Scenario>;
  /** Operation catalog (default: every operation of @justoneapi/sdk's catalog). */
  operations?: readonly SandboxOperation[];
  /** Called for each request with a redacted log line. */
  log?: (line: string) => void;
  /** Rate limit (rate-limit.ts): N requests per second per accepted token, beyond that code 302 with Retry-After. */
  rateLimit?: number | RateLimitOptions;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  stats: SandboxStats;
  /** With the `rateLimit` option: what the limit answered (`counts()`: allowed, limited). */
  rateLimit?: RateLimiter;
  setScenario(token: string, scenario: Scenario | undefined): void;
  close(): Promise<void>;
}

const MIRROR: Record<number, number> = {
  100: 401,
  301: 500,
  302: 429,
  303: 429,
  400: 400,
  404: 404,
  500: 500,
  503: 503,
  600: 403,
  601: 403,
};
const MESSAGES: Record<number, string> = {
  100: 'Invalid or inactive token',
  301: 'Collection failed, please retry',
  302: 'Rate limit exceeded',
  303: 'Daily quota exceeded',
  400: 'Invalid parameters',
  500: 'Internal server error',
  503: 'Service unavailable',
  600: 'Permission denied',
  601: 'Insufficient balance',
};
const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const operations = options.operations ?? defaultOperations;
  const tokens = new Set(options.tokens ?? [DEFAULT_TOKEN]);
  const scenarios = new Map(Object.entries(options.scenarios ?? {}));
  const seenPerToken = new Map<string, number>();
  const stats = new SandboxStats();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const rateLimit = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit);

  const recordTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  function send(
    res: ServerResponse,
    httpStatus: number,
    body: string,
    type = 'application/json; charset=utf-8',
  ) {
    if (res.destroyed) return;
    res.writeHead(httpStatus, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answerRequest(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  function answerRequest(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    if (url.pathname === '/__sandbox/health') return send(res, 200, '{"ok":true}');
    const requestId = `sbx-${(++counter).toString(16).padStart(6, '0')}-${Math.floor(Math.random() * 0xffffff).toString(16)}`;
    const envelope = (code: number, data: unknown, message: string | null) =>
      JSON.stringify({ code, data, message, recordTime: recordTime(), requestId });
    const method = req.method ?? 'GET';
    const op =
      operations.find((o) => o.path === url.pathname && o.httpMethod === method) ??
      operations.find((o) => o.path === url.pathname);
    if (!op) return send(res, 404, envelope(404, null, `Not found: ${url.pathname}`));

    const contentType = req.headers['content-type'] ?? '';
    const wire = {
      method,
      contentType,
      query: Object.fromEntries(url.searchParams),
      form: contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(body))
        : {},
      body,
    };
    // Query and form body together, for the data generators (POST form operations carry theirs in the body).
    const query: Record<string, string> = { ...wire.query, ...wire.form };
    const token = query.token ?? '';
    delete query.token;
    const record = {
      method,
      path: url.pathname,
      operationId: op.operationId ?? op.id,
      token,
      query,
      urlQuery: wire.query,
      form: wire.form,
      contentType,
      body,
      code: null as number | null,
      httpStatus: 0,
      at: Date.now(),
      clientAborted: false,
    };
    stats.requests.push(record);
    let resetByUs = false;
    res.on('close', () => {
      if (!res.writableFinished && !resetByUs) record.clientAborted = true;
    });
    options.log?.(`${record.method} ${req.url?.replace(/([?&]token=)[^&]*/g, '$1***')}`);
    // As strict as the vendor's document: wrong method, body or parameter placement is refused, never guessed.
    const misplaced = wireProblem(op, wire);
    if (misplaced) {
      record.code = 400;
      record.httpStatus = method === op.httpMethod ? 400 : 405;
      return send(res, record.httpStatus, envelope(400, null, misplaced));
    }

    const nth = (seenPerToken.get(token) ?? 0) + 1;
    seenPerToken.set(token, nth);
    const scenario = scenarios.get(token) ?? parseMagicToken(token);
    const latency = (options.latencyMs ?? 0) + (scenario?.latencyMs ?? 0);
    const answer = (code: number, data: unknown, message: string | null) => {
      record.code = code;
      record.httpStatus = code === 0 || options.errorHttpStatus === 'always200' ? 200 : (MIRROR[code] ?? 200);
      later(latency, () => send(res, record.httpStatus, envelope(code, data, message)));
    };

    // Code 100 echoes the token back, as some APIs do: every client test that meets it proves the token is masked.
    const invalidToken = `${MESSAGES[100]!}: ${token}`;
    if (!token || !(tokens.has(token) || scenario)) return answer(100, null, invalidToken);
    // Rate limit (rate-limit.ts): beyond N per second for this token, code 302 with Retry-After.
    const rateLimitWaitMs = rateLimit?.take(token);
    if (rateLimitWaitMs !== undefined) {
      res.setHeader('retry-after', retryAfterSeconds(rateLimitWaitMs));
      return answer(302, null, MESSAGES[302]!);
    }
    if (scenario && hasFault(scenario) && faultApplies(scenario, nth)) {
      if (scenario.hang) return; // never answers; close() destroys the socket
      if (scenario.reset) {
        return later(latency, () => {
          resetByUs = true;
          req.socket.destroy();
        });
      }
      if (scenario.html502) {
        record.httpStatus = 502;
        return later(latency, () => send(res, 502, HTML_502, 'text/html'));
      }
      if (scenario.uri414) {
        record.httpStatus = 414;
        return later(latency, () => send(res, 414, '', 'text/plain'));
      }
      if (scenario.truncated) {
        record.httpStatus = 200;
        const full = envelope(0, pageData(op, withDefaults(op, query)), null);
        return later(latency, () => send(res, 200, full.slice(0, Math.floor(full.length / 2))));
      }
      if (scenario.code !== undefined)
        return answer(
          scenario.code,
          null,
          scenario.message ??
            (scenario.code === 100 ? invalidToken : MESSAGES[scenario.code]) ??
            `Error ${scenario.code}`,
        );
    }
    const problem = wireParamProblem(op, query);
    if (problem) return answer(400, null, problem);
    answer(0, pageData(op, withDefaults(op, query), scenario?.repeat), null);
  }

  function pageData(op: SandboxOperation, query: Record<string, string>, repeat = false): unknown {
    if (repeat) return repeatedPage(op, query);
    const page = Number(query.page ?? 1);
    if (op.record === 'user') return userSearchPage(query.keyword ?? '', page, options);
    if (op.record === 'note') return noteFeedPage(query.oid ?? 'homefeed_recommend', page, options);
    return genericPage(op, query);
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats,
    ...(rateLimit ? { rateLimit } : {}),
    setScenario(token, scenario) {
      if (scenario) scenarios.set(token, scenario);
      else scenarios.delete(token);
      seenPerToken.delete(token);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      });
    },
  };
}
