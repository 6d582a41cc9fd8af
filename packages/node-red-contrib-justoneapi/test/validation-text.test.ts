// A validation failure is worded in the host's language from the core's fields (param, reason), never
// by translating the core's English message: the Chinese advice carries a Chinese detail.
import { readFileSync } from 'node:fs';
import { findOperation, prepareRequest, validateParams } from '@justoneapi/sdk/core';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/nodes/engine.js';
import { NS as I18N_NS, translator } from '../src/nodes/i18n.js';

const NS = `${I18N_NS}:`;
function red(lang: string) {
  const catalog = JSON.parse(
    readFileSync(new URL(`../src/locales/${lang}/messages.json`, import.meta.url), 'utf8'),
  );
  return {
    _: (key: string, subs: Record<string, unknown> = {}) => {
      const v = key
        .slice(NS.length)
        .split('.')
        .reduce((o: any, k) => o?.[k], catalog);
      return typeof v === 'string' ? v.replace(/__(\w+)__/g, (_, k) => String(subs[k] ?? '')) : key;
    },
  } as any;
}
const failure = (op: string, params: Record<string, unknown>) => {
  try {
    validateParams(findOperation(op), params);
  } catch (e) {
    return e;
  }
  throw new Error('expected a validation error');
};

describe('validation details in the host language', () => {
  const zh = translator(red('zh-CN'));
  const en = translator(red('en-US'));

  it('an enum value the core refuses: Chinese advice, Chinese detail', () => {
    const err = failure('douyin.searchVideoV4', { keyword: 'x', duration: 'bogus' });
    const text = describeFailure(err, zh).text;
    expect(text).toMatch(/^请修正输入，未发送任何请求：“bogus”不是有效的 duration。可选值：_0, _1/);
    expect(text).not.toMatch(/is not a valid|Valid values/);
    expect(describeFailure(err, en).text).toMatch(/"bogus" is not a valid duration\. Valid values: _0/);
  });

  it.each([
    [{}, /缺少参数 keyword/],
    [{ keyword: 'x', page: '0x10' }, /page 必须是整数（收到 0x10）/],
    [{ keyword: 'x', page: 0 }, /page 不能小于 1（收到 0）/],
  ])('%j', (params, detail) => {
    expect(describeFailure(failure('xiaohongshu.searchUsers', params), zh).text).toMatch(detail);
  });
});

describe('a request URL over the limit (reason.kind too-long), refused before sending', () => {
  it.each([
    ['zh-CN', /^请修正输入，未发送任何请求：keyword 使请求地址达到 \d+ 字节，超过接口允许的 2048 字节/],
    [
      'en-US',
      /^Fix the input; nothing was sent: keyword would make a request URL of \d+ bytes, over the 2048/,
    ],
  ])('%s: worded from the reason fields', (lang, expected) => {
    let err: unknown;
    try {
      prepareRequest(
        findOperation('xiaohongshu.searchUsers'),
        { keyword: 'k'.repeat(3000) },
        { baseUrl: 'http://x' },
      );
    } catch (e) {
      err = e;
    }
    expect(describeFailure(err, translator(red(lang))).text).toMatch(expected);
  });
});

describe('a danger operation refused by the core (reason.kind danger-unacknowledged)', () => {
  const op = findOperation('jd.getItemDetailV2');
  const err = failure(op.id, { itemId: '1' });
  const text = op.danger![0]!.text;

  it.each([
    ['zh-CN', `已拒绝，未发送任何请求：接口方提示「${text}」`],
    ['en-US', `Refused, nothing was sent: the vendor warns "${text}"`],
  ])('%s: worded from the reason fields, the vendor text quoted', (lang, expected) => {
    const t = translator(red(lang));
    expect(describeFailure(err, t).text).toContain(expected);
  });
});
