// Every error carries what a host needs to word it itself: kind, code, retryable, nothingSent, advice,
// and the problem or parameter it is about. The business-code table holds meaning and advice apart.
import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  CODE_TEXT,
  ColumnsError,
  ConnectionError,
  decodeAnswer,
  errorFromCode,
  InputTooLongError,
  InvalidResponseError,
  operations,
  TimeoutError,
  validateParams,
  type ValidationError,
} from '../src/core/index.js';

const op = operations.find((o) => o.pagination?.items && !o.pagination.itemsAssumed)!;
const fail = (body: string, status = 200) => {
  try {
    decodeAnswer(op, { status, body });
  } catch (e) {
    return e as InvalidResponseError;
  }
  throw new Error('decoded');
};

describe('structured errors', () => {
  it('business codes: meaning and advice are separate fields of the one table, and on the error', () => {
    for (const [code, t] of Object.entries(CODE_TEXT)) {
      const e = errorFromCode(Number(code));
      expect(e).toMatchObject({ kind: 'api', code: Number(code), retryable: t.retryable, advice: t.advice });
      expect(e.nothingSent).toBe(false);
      expect(t.advice).not.toContain(t.meaning);
      expect(e.message).toContain(t.meaning);
    }
    expect(errorFromCode(777)).toMatchObject({ kind: 'api', retryable: false, advice: expect.any(String) });
  });

  it.each([
    ['', 'empty', 200],
    ['<html>bad gateway</html>', 'html', 502],
    ['{"code":0,"da', 'malformed-json', 200],
    ['hello', 'not-json', 200],
    ['[1,2]', 'no-envelope', 200],
    ['{"code":0,"data":null}', 'null-data', 200],
  ] as const)('an unusable answer %j says which problem (%s)', (body, problem, status) => {
    const e = fail(body, status);
    expect(e).toBeInstanceOf(InvalidResponseError);
    expect(e).toMatchObject({ kind: 'invalid-response', problem, retryable: status >= 500 });
    expect(e.advice).toBeTruthy();
  });

  it('a list that is not a list names the documented path', () => {
    const e = fail(JSON.stringify({ code: 0, data: { [op.pagination!.items!.split('.')[0]!]: 3 } }));
    expect(e).toMatchObject({ problem: 'not-a-list', itemsPath: op.pagination!.items });
  });

  it('bad input: nothing sent, the parameter and the reason as fields', () => {
    const required = op.params.find((p) => p.required)!;
    let e: ValidationError | undefined;
    try {
      validateParams(op, {});
    } catch (x) {
      e = x as ValidationError;
    }
    expect(e).toMatchObject({
      kind: 'validation',
      nothingSent: true,
      param: required.name,
      reason: { kind: 'required' },
    });
  });

  it('the others: timeout, connection, too long, budget, a column found missing after a page', () => {
    expect(new TimeoutError(60000)).toMatchObject({
      kind: 'timeout',
      timeoutMs: 60000,
      retryable: true,
      nothingSent: false,
    });
    expect(new ConnectionError('ECONNRESET')).toMatchObject({
      kind: 'connection',
      reason: 'ECONNRESET',
      retryable: true,
    });
    expect(new InputTooLongError({ httpStatus: 414 })).toMatchObject({
      kind: 'input-too-long',
      nothingSent: false,
    });
    const budget = new BudgetExceededError({ sent: 2, maxRequests: 2, scope: 'this run', next: { page: 3 } });
    expect(budget).toMatchObject({ kind: 'budget', nothingSent: true, next: { page: 3 } });
    expect(budget.advice).toContain('resume');
    const columns = new ColumnsError([{ name: 'x', path: 'x' }], ['a'], op.id);
    expect(columns).toMatchObject({ kind: 'validation', nothingSent: false, missing: [{ path: 'x' }] });
  });

  it('toJSON carries the fields and never a URL', () => {
    const json = errorFromCode(303, { requestId: 'r1' }).toJSON();
    expect(json).toMatchObject({
      kind: 'api',
      code: 303,
      nothingSent: false,
      advice: CODE_TEXT[303]!.advice,
    });
  });
});
