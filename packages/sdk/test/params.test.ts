import { describe, expect, it } from 'vitest';
import {
  documentedOperations,
  findOperation,
  validateParams,
  ValidationError,
  closest,
} from '../src/core/index.js';

const users = findOperation('xiaohongshu.searchUsers');
const feed = findOperation('xiaohongshu.getNoteFeed');
const documentedFeed = findOperation('xiaohongshu.getNoteFeed', undefined, documentedOperations);

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('validateParams', () => {
  it('trims the keyword, fills the default page and keeps the catalog order', () => {
    expect(validateParams(users, { keyword: '  咖啡 ' })).toEqual({ keyword: '咖啡', page: 1 });
    expect(Object.keys(validateParams(users, { page: 2, keyword: 'x' }))).toEqual(['keyword', 'page']);
  });

  it('rejects a missing, blank or non-text keyword', () => {
    expect(validationError(() => validateParams(users, {})).param).toBe('keyword');
    expect(validationError(() => validateParams(users, { keyword: '   ' })).message).toMatch(
      /keyword must not be empty/,
    );
    expect(validationError(() => validateParams(users, { keyword: '\u200b \ufeff' })).message).toMatch(
      /keyword must not be empty/,
    );
    expect(validationError(() => validateParams(users, { keyword: { a: 1 } })).message).toMatch(
      /must be text/,
    );
  });

  it("gives hosts the reason apart from the operation's and parameter's names (ValidationError.reason)", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'is required.'],
      [{ keyword: '  ' }, 'must not be empty.'],
      [{ keyword: 'a', page: 0 }, 'must be >= 1, got 0.'],
    ];
    for (const [params, reason] of cases) {
      const e = validationError(() => validateParams(users, params));
      expect(e.reason?.text).toBe(reason);
      expect(e.message).toBe(`${users.id}: ${e.param} ${reason}`);
    }
    const list = feed.params.find((p) => p.enum)!;
    const e = validationError(() => validateParams(feed, { [list.name]: 'nope' }));
    expect(e.param).toBe(list.name);
    expect(e.reason?.text).toMatch(/^does not accept "nope"\..*Valid values: /);
    expect(e.reason?.text).not.toContain(feed.id);
  });

  it('accepts numeric strings for page but rejects 0, fractions and words', () => {
    expect(validateParams(users, { keyword: 'a', page: ' 3 ' }).page).toBe(3);
    for (const page of [
      0,
      -1,
      1.5,
      'abc',
      '',
      NaN,
      '0x10',
      '1e1',
      '0b1',
      2 ** 53,
      '9007199254740993',
      Infinity,
    ]) {
      if (page === '') continue;
      expect(validationError(() => validateParams(users, { keyword: 'a', page })).param).toBe('page');
    }
  });

  it('suggests the closest parameter name for a typo and refuses the token as a param', () => {
    expect(validationError(() => validateParams(users, { keyword: 'a', pgae: 2 })).message).toMatch(
      /Did you mean "page"/,
    );
    expect(validationError(() => validateParams(users, { keyword: 'a', token: 't' })).message).toMatch(
      /token to the client/,
    );
  });

  it('defaults the feed id and checks it against the 41 ids', () => {
    expect(validateParams(feed, {})).toEqual({ oid: 'homefeed_recommend', page: 1 });
    const ids = feed.params.find((p) => p.name === 'oid')!.enum!;
    expect(ids).toHaveLength(41);
    for (const { value } of ids) expect(validateParams(feed, { oid: value }).oid).toBe(value);
  });

  it('suggests the closest feed id for a typo', () => {
    const err = validationError(() => validateParams(feed, { oid: 'homefeed_fod_v3' }));
    expect(err.message).toMatch(/Did you mean "homefeed_food_v3"/);
    expect(err.param).toBe('oid');
    expect(validationError(() => validateParams(feed, { oid: 'homefeed_recomend' })).message).toMatch(
      /"homefeed_recommend"/,
    );
  });

  it('resolves short names (the English labels) to feed ids with the runtime catalog', () => {
    expect(validateParams(feed, { oid: 'food' }).oid).toBe('homefeed_food_v3');
    expect(validateParams(feed, { oid: 'Movie and TV' }).oid).toBe('homefeed_movie_and_tv_v3');
    expect(validateParams(feed, { oid: 'live' }).oid).toBe('homefeed_live');
    for (const option of documentedFeed.params.find((p) => p.name === 'oid')!.enum!) {
      expect(validateParams(feed, { oid: option.label.en }).oid).toBe(option.value);
    }
  });

  it('resolves Chinese labels too with the documented catalog', () => {
    expect(validateParams(documentedFeed, { oid: '美食' }).oid).toBe('homefeed_food_v3');
    expect(validateParams(documentedFeed, { oid: '数码科技' }).oid).toBe('homefeed_digital_technology_v3');
    expect(validationError(() => validateParams(feed, { oid: '美食' })).param).toBe('oid');
  });

  it('gives no suggestion when nothing is close', () => {
    const err = validationError(() => validateParams(feed, { oid: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect(err.message).not.toMatch(/Did you mean/);
    expect(closest('qqqqqqqqq', [{ value: 'page', aliases: [] }])).toBeUndefined();
  });
});

describe('ValidationError.reason: what was wrong, as fields a host words in its own language', () => {
  it.each([
    [users, {}, { kind: 'required' }],
    [users, { keyword: ' ' }, { kind: 'empty', value: ' ' }],
    [users, { keyword: 'x', page: '0x10' }, { kind: 'integer', value: '0x10', limit: 1 }],
    [users, { keyword: 'x', page: 0 }, { kind: 'min', value: 0, limit: 1 }],
    [users, { keyword: 'x', pgae: 2 }, { kind: 'unknown', guess: 'page' }],
    [feed, { oid: 'homefeed_fod_v3' }, { kind: 'enum', value: 'homefeed_fod_v3', guess: 'homefeed_food_v3' }],
  ])('%#: %j', (op, params, reason) => {
    const e = validationError(() => validateParams(op, params));
    expect(e.reason).toMatchObject(reason);
    expect(e.param).toBeTruthy();
  });

  it('an enum reason lists the valid values', () => {
    const e = validationError(() => validateParams(feed, { oid: 'bogus' }));
    expect(e.reason?.valid).toContain('homefeed_food_v3');
  });
});
