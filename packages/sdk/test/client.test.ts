import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import {
  AbortedError,
  ConnectionError,
  createClient,
  InvalidResponseError,
  JustOneApiError,
  TimeoutError,
  ValidationError,
  InvalidTokenError,
  CollectionFailedError,
  RateLimitError,
  DailyQuotaExceededError,
  InvalidParamsError,
  ServerError,
  PermissionDeniedError,
  InsufficientBalanceError,
  UnknownCodeError,
  InputTooLongError,
} from '../src/index.js';
import type { RequestEvent, ResponseEvent } from '../src/index.js';

const TOKEN = 'tok-SECRET-4711';
const USERS = '/api/xiaohongshu/search-user/v2';
let sandbox: Sandbox;
const produced: unknown[] = []; // every error the fault tests produce, scanned for the token at the end

beforeAll(async () => {
  sandbox = await startSandbox({ tokens: ['sandbox', TOKEN] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const fast = { timeoutMs: 5000 };
function client(token = TOKEN, extra: Parameters<typeof createClient>[0] = {}) {
  return createClient({ token, baseUrl: sandbox.url, ...fast, ...extra });
}
async function failure(p: Promise<unknown>): Promise<JustOneApiError> {
  try {
    await p;
  } catch (e) {
    produced.push(e);
    expect(e).toBeInstanceOf(JustOneApiError);
    return e as JustOneApiError;
  }
  throw new Error('expected the call to fail');
}

describe('fetch option', () => {
  it('calls an injected fetch once per attempt with a Request that carries the URL and the timeout signal', async () => {
    const calls: Request[] = [];
    const logging: typeof fetch = (input, init) => {
      calls.push(input as Request);
      return fetch(input, init);
    };
    const res = await client(TOKEN, { fetch: logging }).xiaohongshu.searchUsers({ keyword: '咖啡', page: 2 });
    expect(res.code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(Request);
    const url = new URL(calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.url}${USERS}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ token: TOKEN, keyword: '咖啡', page: '2' });
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(sandbox.stats.count({ path: USERS })).toBe(1);
  });
});

describe('successful calls', () => {
  it('searches users and returns typed data with the envelope fields', async () => {
    const res = await client().xiaohongshu.searchUsers({ keyword: '咖啡' });
    expect(res.code).toBe(0);
    expect(res.data.users).toHaveLength(20);
    expect(res.data.users[0]!.id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.requestId).toBeTruthy();
    expect(res.recordTime).toBeTruthy();
    expect(sandbox.stats.count({ path: USERS, token: TOKEN })).toBe(1);
    expect(sandbox.stats.requests[0]!.query).toMatchObject({ keyword: '咖啡', page: '1' });
  });

  it('gets a feed page with the default feed id', async () => {
    const res = await client().xiaohongshu.getNoteFeed();
    expect(Array.isArray(res.data)).toBe(true);
    expect(res.data.length).toBeGreaterThan(0);
    expect(sandbox.stats.requests[0]!.query.oid).toBe('homefeed_recommend');
  });

  it('reads the token from JUSTONEAPI_TOKEN', async () => {
    process.env.JUSTONEAPI_TOKEN = TOKEN;
    try {
      await createClient({ baseUrl: sandbox.url }).xiaohongshu.searchUsers({ keyword: 'a' });
      expect(sandbox.stats.count({ token: TOKEN })).toBe(1);
    } finally {
      delete process.env.JUSTONEAPI_TOKEN;
    }
  });

  it('calls any operation by id', async () => {
    const res = (await client().call('xiaohongshu.getNoteFeed', { oid: 'homefeed_food_v3', page: 2 })) as {
      data: unknown[];
    };
    expect(res.data.length).toBeGreaterThan(0);
    expect(sandbox.stats.requests[0]!.query).toMatchObject({ oid: 'homefeed_food_v3', page: '2' });
  });
});

describe('business codes', () => {
  const cases: Array<[number, new (...a: never[]) => JustOneApiError, boolean, RegExp]> = [
    [100, InvalidTokenError, false, /invalid or inactive token/],
    [301, CollectionFailedError, true, /try again/],
    [302, RateLimitError, true, /rate limit/],
    [303, DailyQuotaExceededError, false, /daily quota/],
    [400, InvalidParamsError, false, /Fix the parameters/],
    [500, ServerError, true, /server error/],
    [503, ServerError, true, /server error/],
    [600, PermissionDeniedError, false, /permission denied/],
    [601, InsufficientBalanceError, false, /Top up/],
    [101, UnknownCodeError, false, /undocumented error code/],
    [602, UnknownCodeError, false, /undocumented error code/],
  ];
  for (const mode of ['mirror', 'always200'] as const) {
    it.each(cases)(`code %i -> %o (HTTP status ${mode})`, async (code, Klass, retryable, message) => {
      const token = `sandbox-${code}`;
      const box = mode === 'mirror' ? sandbox : await startSandbox({ errorHttpStatus: 'always200' });
      try {
        const err = await failure(
          createClient({
            token,
            baseUrl: box.url,
            maxRetries: 2,
            timeoutMs: 5000,
            onRetry: () => {},
          }).xiaohongshu.searchUsers({ keyword: 'a' }, { maxRetries: retryable ? 1 : 2 }),
        );
        expect(err).toBeInstanceOf(Klass);
        expect(err.code).toBe(code);
        expect(err.retryable).toBe(retryable);
        expect(err.message).toMatch(message);
        expect(err.requestId).toBeTruthy();
        expect(err.httpStatus).toBe(mode === 'always200' ? 200 : (MIRRORED_STATUS[code] ?? 200));
        // retryable codes were retried once (maxRetries: 1); the others were sent exactly once
        expect(box.stats.count({ token })).toBe(retryable ? 2 : 1);
      } finally {
        if (box !== sandbox) await box.close();
      }
    });
  }

  it('a wrong token is code 100 and is sent once', async () => {
    const err = await failure(client('not-a-token').xiaohongshu.searchUsers({ keyword: 'a' }));
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect(err.httpStatus).toBe(401);
    expect(sandbox.stats.total()).toBe(1);
    // The sandbox echoes the token in its message (as some APIs do); the SDK masks it.
    expect(err.apiMessage).toBe('Invalid or inactive token: ***');
    expect(err.message).toContain('Invalid or inactive token: ***');
  });
});

describe('retries', () => {
  it('succeeds after two 302s, waiting longer for the rate limit', async () => {
    const waits: number[] = [];
    const res = await client('sandbox-302x2', {
      onRetry: (e) => waits.push(e.delayMs),
    }).xiaohongshu.searchUsers({ keyword: 'a' });
    expect(res.code).toBe(0);
    expect(sandbox.stats.count({ token: 'sandbox-302x2' })).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1500);
  }, 30_000);

  it.each(['sandbox-301x1', 'sandbox-500x1', 'sandbox-resetx1', 'sandbox-html502x1'])(
    'recovers from %s with one retry',
    async (token) => {
      const events: string[] = [];
      const res = await client(token, { onRetry: (e) => events.push(e.safeUrl) }).xiaohongshu.searchUsers({
        keyword: 'a',
      });
      expect(res.code).toBe(0);
      expect(sandbox.stats.count({ token })).toBe(2);
      expect(events).toHaveLength(1);
      expect(events[0]).toContain('token=***');
      expect(events[0]).not.toContain(token);
    },
  );

  it('gives up after maxRetries + 1 requests', async () => {
    const err = await failure(
      client('sandbox-500', { maxRetries: 2 }).xiaohongshu.searchUsers({ keyword: 'a' }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(sandbox.stats.count({ token: 'sandbox-500' })).toBe(3);
  }, 30_000);

  it('does not retry a truncated 200 answer (it may have been billed)', async () => {
    const err = await failure(client('sandbox-truncated').xiaohongshu.searchUsers({ keyword: 'a' }));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toMatch(/truncated/);
    expect(sandbox.stats.count({ token: 'sandbox-truncated' })).toBe(1);
  });

  it('reports an HTML 502 page as an invalid response after retrying', async () => {
    const err = await failure(
      client('sandbox-html502', { maxRetries: 1 }).xiaohongshu.searchUsers({ keyword: 'a' }),
    );
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toMatch(/HTML page/);
    expect(err.httpStatus).toBe(502);
    expect(sandbox.stats.count({ token: 'sandbox-html502' })).toBe(2);
  });

  it('reports a connection reset as a ConnectionError', async () => {
    const err = await failure(
      client('sandbox-reset', { maxRetries: 0 }).xiaohongshu.searchUsers({ keyword: 'a' }),
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.retryable).toBe(true);
  });

  it('reports an unreachable server as a ConnectionError', async () => {
    const closed = await startSandbox();
    await closed.close(); // a port that was just free: nothing listens there now
    const err = await failure(
      createClient({ token: TOKEN, baseUrl: closed.url, maxRetries: 0 }).xiaohongshu.searchUsers({
        keyword: 'a',
      }),
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});

describe('timeouts and abort', () => {
  it('times out each attempt and retries timeouts', async () => {
    const started = performance.now();
    const err = await failure(
      client('sandbox-hang', { timeoutMs: 150, maxRetries: 1 }).xiaohongshu.searchUsers({ keyword: 'a' }),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/150 ms/);
    expect(sandbox.stats.count({ token: 'sandbox-hang' })).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('aborts an in-flight request at once', async () => {
    const ac = new AbortController();
    const p = client('sandbox-hang', { timeoutMs: 60_000 }).xiaohongshu.searchUsers(
      { keyword: 'a' },
      { signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 50);
    const err = await failure(p);
    expect(err).toBeInstanceOf(AbortedError);
    expect(sandbox.stats.count({ token: 'sandbox-hang' })).toBe(1);
  });

  it('aborts during a backoff wait, sending nothing more', async () => {
    const ac = new AbortController();
    const c = client('sandbox-302', { signal: ac.signal, onRetry: () => setTimeout(() => ac.abort(), 20) });
    const started = performance.now();
    const err = await failure(c.xiaohongshu.searchUsers({ keyword: 'a' }));
    expect(err).toBeInstanceOf(AbortedError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sandbox.stats.count({ token: 'sandbox-302' })).toBe(1);
  });
});

describe('bad input sends nothing', () => {
  it.each([
    [{ keyword: '' }, /keyword must not be empty/],
    [{ keyword: '   ' }, /keyword must not be empty/],
    [{ keyword: 'a', page: 0 }, /page must be >= 1/],
    [{ keyword: 'a', page: 1.5 }, /whole number/],
    [{}, /keyword is required/],
    [{ keyword: 'a', pages: 2 }, /Did you mean "page"/],
  ])('searchUsers(%j)', async (params, message) => {
    const err = await failure(client().xiaohongshu.searchUsers(params as never));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('a feed id typo suggests the closest id', async () => {
    const err = await failure(client().xiaohongshu.getNoteFeed({ oid: 'homefeed_fashon_v3' as never }));
    expect(err.message).toMatch(/Did you mean "homefeed_fashion_v3"/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('rejects a missing token and bad client options up front', () => {
    delete process.env.JUSTONEAPI_TOKEN;
    expect(() => createClient({ baseUrl: sandbox.url })).toThrow(/JUSTONEAPI_TOKEN/);
    expect(() => createClient({ token: 't', timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => createClient({ token: 't', maxRetries: -1 })).toThrow(ValidationError);
    expect(() => createClient({ token: 't', region: 'mars' as never })).toThrow(/region/);
  });
});

describe('regions', () => {
  it('uses the documented base URLs', () => {
    expect(createClient({ token: 't' }).baseUrl).toBe('https://api.justoneapi.com');
    expect(createClient({ token: 't', region: 'cn' }).baseUrl).toBe('http://47.117.133.51:30015');
    expect(createClient({ token: 't', region: 'cn', baseUrl: 'http://x.test/' }).baseUrl).toBe(
      'http://x.test',
    );
  });
});

// The HTTP status the vendor pairs with each code (its spec's 401/429/403/500/503 responses), as the sandbox mirrors it; 200 for the rest.
const MIRRORED_STATUS: Record<number, number> = {
  100: 401,
  301: 500,
  302: 429,
  303: 429,
  400: 400,
  500: 500,
  503: 503,
  600: 403,
  601: 403,
};

describe('responses, hooks, deadlines', () => {
  it('withResponse() gives the HTTP status, headers and request id beside the result', async () => {
    const { result, response, requestId } = await client()
      .xiaohongshu.searchUsers({ keyword: 'a' })
      .withResponse();
    expect(result.code).toBe(0);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(requestId).toBe(result.requestId);
    expect(requestId).toMatch(/^sbx-/);
  });

  it('onRequest / onResponse see each attempt with the URL redacted', async () => {
    const seen: Array<RequestEvent | ResponseEvent> = [];
    const c = client('sandbox-302x1', { onRequest: (e) => seen.push(e), onResponse: (e) => seen.push(e) });
    await c.xiaohongshu.searchUsers({ keyword: 'a' }, { maxRetries: 1 });
    expect(seen.map((e) => ('status' in e ? `res ${e.status} #${e.attempt}` : `req #${e.attempt}`))).toEqual([
      'req #0',
      'res 429 #0',
      'req #1',
      'res 200 #1',
    ]);
    expect(JSON.stringify(seen)).not.toContain('sandbox-302x1');
    expect(seen[0]!.url).toContain('token=***');
  });

  it('keeps the answer headers on errors', async () => {
    const e = await failure(client('sandbox-303').xiaohongshu.searchUsers({ keyword: 'a' }));
    expect(e.headers?.['content-type']).toMatch(/application\/json/);
  });

  it('reports AbortSignal.timeout() as a timeout with the reason as cause, sending no retry', async () => {
    const e = await failure(
      client('sandbox-hang').xiaohongshu.searchUsers({ keyword: 'a' }, { signal: AbortSignal.timeout(200) }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/deadline/);
    expect((e.cause as Error).name).toBe('TimeoutError');
    expect(sandbox.stats.count({ token: 'sandbox-hang' })).toBe(1);
  });

  it("keeps a caller's abort reason as cause", async () => {
    const ctrl = new AbortController();
    const p = client('sandbox-hang').xiaohongshu.searchUsers({ keyword: 'a' }, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error('user closed the tab')), 50);
    const e = await failure(p);
    expect(e).toBeInstanceOf(AbortedError);
    expect((e.cause as Error).message).toBe('user closed the tab');
  });

  it('maps HTTP 414/431 to a clear "too long" error, sent once', async () => {
    const e = await failure(client('sandbox-uri414').xiaohongshu.searchUsers({ keyword: 'a' }));
    expect(e).toBeInstanceOf(InputTooLongError);
    expect(e.message).toMatch(/too long.*shorten/i);
    expect(sandbox.stats.count({ token: 'sandbox-uri414' })).toBe(1);
  });

  it('offers the typed low-level openapi-fetch client, token added for you', async () => {
    const { data, response } = await client().http.GET('/api/xiaohongshu/search-user/v2', {
      params: { query: { keyword: '咖啡', page: 1 } },
    });
    expect(response.status).toBe(200);
    expect((data as { code: number }).code).toBe(0);
    expect(sandbox.stats.requests[0]!.token).toBe(TOKEN);
  });
});

describe('the token never leaks', () => {
  it('appears in no error produced above: message, stack, JSON, inspect, properties', () => {
    expect(produced.length).toBeGreaterThan(25);
    for (const err of produced) {
      const views = [
        String(err),
        (err as Error).stack ?? '',
        JSON.stringify(err),
        inspect(err, { depth: 5, showHidden: true }),
        JSON.stringify(Object.entries(err as object)),
      ];
      for (const view of views) {
        expect(view).not.toContain(TOKEN);
        expect(view).not.toContain('not-a-token');
        expect(view).not.toMatch(/token=(?!\*\*\*)/);
        expect(view).not.toMatch(/sandbox-\w/); // every magic scenario token
      }
    }
  });
});

describe('client options', () => {
  it('rejects a malformed base URL or an unknown region up front, sending nothing', () => {
    for (const baseUrl of [
      'api.justoneapi.com',
      'http://',
      'http://127.0.0.1:99999',
      'ftp://x.example',
      'http://a b',
    ]) {
      expect(() => createClient({ token: TOKEN, baseUrl }), baseUrl).toThrow(ValidationError);
    }
    expect(() => createClient({ token: TOKEN, region: 'eu' as 'global' })).toThrow(/Unknown region "eu"/);
    expect(createClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:8787/' }).baseUrl).toBe(
      'http://127.0.0.1:8787',
    );
    expect(createClient({ token: TOKEN, region: 'cn' }).baseUrl).toBe('http://47.117.133.51:30015');
  });
});
