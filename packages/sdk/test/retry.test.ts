import { describe, expect, it } from 'vitest';
import {
  errorFromCode,
  errorTitle,
  retryDelay,
  TimeoutError,
  ConnectionError,
  ValidationError,
  InvalidResponseError,
  decodeAnswer,
  executeRequestSync,
  findOperation,
  type JustOneApiError,
  prepareRequest,
} from '../src/core/index.js';

const policy = { maxRetries: 3 };
const op = findOperation('xiaohongshu.searchUsers');

describe('retryDelay', () => {
  it('never retries what cannot succeed on retry', () => {
    for (const code of [100, 303, 400, 600, 601, 101, 202, 300, 404, 602]) {
      expect(retryDelay(errorFromCode(code), 0, policy, () => 0)).toBeUndefined();
    }
    expect(retryDelay(new ValidationError('x'), 0, policy)).toBeUndefined();
    expect(retryDelay(new Error('plain'), 0, policy)).toBeUndefined();
  });

  it('retries 301, 302, 500, 503, timeouts and connection errors with exponential backoff', () => {
    for (const err of [
      errorFromCode(301),
      errorFromCode(500),
      errorFromCode(503),
      new TimeoutError(10),
      new ConnectionError('ECONNRESET'),
    ]) {
      expect([0, 1, 2].map((r) => retryDelay(err, r, policy, () => 0))).toEqual([500, 1000, 2000]);
    }
  });

  it('waits longer after a 302 rate limit', () => {
    const d302 = retryDelay(errorFromCode(302), 0, policy, () => 0)!;
    const d301 = retryDelay(errorFromCode(301), 0, policy, () => 0)!;
    expect(d302).toBeGreaterThanOrEqual(4 * d301);
  });

  it('applies up to 25% jitter and caps every wait', () => {
    const err = errorFromCode(500);
    expect(retryDelay(err, 1, policy, () => 0.999)).toBeGreaterThanOrEqual(750);
    expect(retryDelay(err, 1, policy, () => 0.999)).toBeLessThan(1000);
    expect(retryDelay(err, 20, { maxRetries: 50, maxDelayMs: 3000 }, () => 0)).toBe(3000);
  });

  it('stops at maxRetries', () => {
    expect(retryDelay(errorFromCode(301), 2, { maxRetries: 2 })).toBeUndefined();
    expect(retryDelay(errorFromCode(301), 0, { maxRetries: 0 })).toBeUndefined();
  });

  it('honours Retry-After on a 429 answer', () => {
    let err: unknown;
    try {
      decodeAnswer(op, {
        status: 429,
        body: JSON.stringify({ code: 302, data: null, message: 'slow down', recordTime: null }),
        headers: { 'retry-after': '7' },
      });
    } catch (e) {
      err = e;
    }
    expect((err as JustOneApiError).retryAfterMs).toBe(7000);
    expect(retryDelay(err, 0, policy, () => 0)).toBe(7000);
  });

  it('after a 302 with a Retry-After shorter than the backoff, doubles from that wait instead', () => {
    const limited = (retryAfter: string) => {
      try {
        decodeAnswer(op, {
          status: 200,
          body: JSON.stringify({ code: 302, data: null, message: 'slow down', recordTime: null }),
          headers: { 'retry-after': retryAfter },
        });
      } catch (e) {
        return e;
      }
      throw new Error('no error');
    };
    const err = limited('1');
    // The API says a slot frees within 1 s: 1, 2, 4 s (the fixed backoff: 2, 4, 8 s), plus up to 25%.
    expect([0, 1, 2].map((r) => retryDelay(err, r, policy, () => 0))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(err, 0, policy, () => 0.999)).toBe(1250);
    expect(retryDelay(err, 3, policy, () => 0)).toBeUndefined(); // still bounded by maxRetries
    expect(retryDelay(limited('60'), 0, policy, () => 0.999)).toBe(20_000); // capped like any wait
    // Without Retry-After: the longer rate-limit backoff as before.
    expect(retryDelay(errorFromCode(302), 2, policy, () => 0)).toBe(8000);
    // Retry-After never makes a final code retryable.
    for (const code of [100, 303, 400, 600, 601])
      expect(retryDelay(errorFromCode(code, { retryAfterMs: 1000 }), 0, policy, () => 0)).toBeUndefined();
  });
});

describe('decodeAnswer', () => {
  const env = (o: object) =>
    JSON.stringify({ code: 0, data: { users: [] }, message: null, recordTime: '2026-01-01T00:00:00Z', ...o });

  it('takes code 0 as success whatever the HTTP status', () => {
    expect(decodeAnswer(op, { status: 500, body: env({ requestId: 'r1' }) })).toMatchObject({
      code: 0,
      requestId: 'r1',
      data: { users: [] },
    });
  });

  it('maps a business code to its error with the HTTP status, request id and API message', () => {
    try {
      decodeAnswer(op, {
        status: 200,
        body: env({ code: 601, data: null, message: 'no money', requestId: 'r2' }),
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 601,
        httpStatus: 200,
        requestId: 'r2',
        apiMessage: 'no money',
        retryable: false,
        operation: op.id,
      });
      expect((e as Error).message).toMatch(/Top up/);
    }
  });

  it.each([
    ['<html><body>502 Bad Gateway</body></html>', 502, /HTML page/, true],
    ['{"code":0,"data":{"us', 200, /truncated or malformed JSON/, false],
    ['', 200, /empty body/, false],
    ['[1,2]', 200, /envelope/, false],
    ['{"code":0,"data":null,"message":null,"recordTime":null}', 200, /data` is null/, false],
    ['{"code":0,"data":{"nope":1},"message":null,"recordTime":null}', 200, /data.users is not a list/, false],
  ])('rejects %j as an invalid response', (body, status, message, retryable) => {
    try {
      decodeAnswer(op, { status, body });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidResponseError);
      expect((e as Error).message).toMatch(message);
      expect((e as InvalidResponseError).retryable).toBe(retryable);
    }
  });
});

describe('errorTitle', () => {
  it('gives a few words per code for status lines', () => {
    expect(errorTitle(errorFromCode(303))).toBe('daily quota exhausted');
    expect(errorTitle(errorFromCode(302))).toBe('rate limit exceeded');
    expect(errorTitle(errorFromCode(602))).toBe('undocumented code 602');
    expect(errorTitle(new TimeoutError(5))).toBe('timeout');
    expect(errorTitle(new ValidationError('x'))).toBe('bad input');
    expect(errorTitle(new Error('x'))).toBe('error');
  });
});

describe('executeRequestSync deadline', () => {
  const op = findOperation('xiaohongshu.searchUsers');
  const req = prepareRequest(op, { keyword: 'a' }, { baseUrl: 'http://127.0.0.1:1' });
  const collectionFailed = { status: 500, body: JSON.stringify({ code: 301, data: null, message: 'retry' }) };
  const ok = { status: 200, body: JSON.stringify({ code: 0, data: { users: [] }, message: null }) };

  function run(deadline: number | undefined) {
    let clock = 0;
    const sent: number[] = [];
    const slept: number[] = [];
    const result = () =>
      executeRequestSync(req, {
        send: (_r, attempt) => (sent.push(attempt), attempt === 0 ? collectionFailed : ok),
        sleep: (ms) => {
          slept.push(ms);
          clock += ms;
        },
        policy: { maxRetries: 2 },
        random: () => 0,
        now: () => clock,
        ...(deadline === undefined ? {} : { deadline }),
      });
    return { result, sent, slept };
  }

  it('retries when the wait ends before the deadline', () => {
    const r = run(10_000);
    expect(r.result().code).toBe(0);
    expect(r.sent).toEqual([0, 1]);
    expect(r.slept).toEqual([500]);
  });

  it('throws instead of a retry whose wait would end after the deadline', () => {
    const r = run(400);
    expect(r.result).toThrow(/code 301/);
    expect(r.sent).toEqual([0]);
    expect(r.slept).toEqual([]);
  });
});
