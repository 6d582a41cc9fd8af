// Runs the editor code this package ships (nodes/*.html) in a VM with a minimal RED, and checks what
// the editor would do: validation before deploy (the core's rules), palette labels and search names.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { NS } from '../src/nodes/i18n.js';

const nodesDir = new URL('../nodes/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, nodesDir), 'utf8');
const scripts = (html: string) =>
  [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
const sub = (s: string, subs: Record<string, unknown> = {}) =>
  s.replace(/__(\w+)__/g, (_, k) => String(subs[k] ?? ''));
function lookup(catalog: any, key: string) {
  return key.split('.').reduce((v, k) => v?.[k], catalog);
}

function loadEditor(lang = 'en-US') {
  const shared = JSON.parse(read(`locales/${lang}/justoneapi-config.json`));
  const defs: Record<string, any> = {};
  const RED = {
    _: (key: string, subs?: Record<string, unknown>) => {
      const [ns, k] = key.includes(':') ? key.split(':') : ['', key];
      const v = ns === NS ? lookup(shared, k!) : undefined;
      return typeof v === 'string' ? sub(v, subs) : key;
    },
    nodes: { registerType: (type: string, def: any) => (defs[type] = def) },
  };
  const $ = () => ({ length: 0, each() {}, val: () => undefined });
  const context: Record<string, unknown> = { RED, $, setTimeout: () => 0 };
  context.window = context;
  for (const s of scripts(read('justoneapi-config.html'))) runInNewContext(s, context);
  for (const s of scripts(read('justoneapi-xiaohongshu.html'))) runInNewContext(s, context);
  const own = JSON.parse(read(`locales/${lang}/justoneapi-xiaohongshu.json`));
  const def = defs['justoneapi-xiaohongshu'];
  def._ = (key: string) => (typeof lookup(own, key) === 'string' ? lookup(own, key) : key);
  return { defs, def, node: (props: Record<string, unknown>) => ({ ...props, _def: def, type: 'x' }) };
}

describe('editor validation (before deploy), the same rules as the runtime', () => {
  const { def, node } = loadEditor();
  const check = (operation: string, params: unknown) =>
    def.defaults.params.validate.call(node({ operation }), params, {});

  it('accepts the defaults: every parameter read from msg.<name>', () => {
    expect(check('searchUsers', {})).toBe(true);
    expect(check('searchUsers', { keyword: { t: 'msg', v: 'keyword' }, page: { t: 'num', v: '2' } })).toBe(
      true,
    );
    expect(check('getNoteFeed', { oid: { t: 'enum', v: 'homefeed_food_v3' } })).toBe(true);
  });

  it.each([
    [{ keyword: { t: 'str', v: '' } }, /Keyword is required/],
    [{ keyword: { t: 'msg', v: '' } }, /Keyword is required/],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '0' } }, /must be >= 1/],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '-1' } }, /must be >= 1/],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '2.5' } }, /must be a whole number/],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '0x10' } }, /must be a whole number/],
  ])('%j is invalid, with the reason', (params, reason) => {
    expect(check('searchUsers', params)).toMatch(reason);
  });

  it('an enum outside the list is invalid', () => {
    expect(check('getNoteFeed', { oid: { t: 'enum', v: 'homefeed_nope' } })).toMatch(/not a valid oid/);
  });

  it.each([
    ['pages', '0', false],
    ['pages', '2.5', false],
    ['pages', 'x', false],
    ['pages', '3', true],
    ['limit', '', true],
    ['limit', '0', false],
    ['maxQueue', '0', true],
    ['maxQueue', '-1', false],
    ['maxQueue', '1.5', false],
  ])('%s = %j valid: %s', (field, value, ok) => {
    const r = def.defaults[field].validate.call(node({}), value, { label: field });
    if (ok) expect(r).toBe(true);
    else expect(r).toMatch(/whole number/);
  });

  it("words the core's reason in the editor's language, from its fields", () => {
    const zh = loadEditor('zh-CN');
    const checkZh = (params: unknown) =>
      zh.def.defaults.params.validate.call(zh.node({ operation: 'searchUsers' }), params, {});
    const page = (v: string) => ({ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v } });
    expect(checkZh(page('0'))).toMatch(/page 不能小于 1（收到 0）/);
    expect(checkZh(page('2.5'))).toMatch(/page 必须是整数（收到 2\.5）/);
    expect(checkZh(page('0'))).not.toMatch(/must be/);
  });

  it('the account node refuses a custom region without a URL', () => {
    const { defs } = loadEditor();
    const v = defs['justoneapi-config'].defaults.baseUrl.validate;
    expect(v.call({ region: 'custom' }, '')).toBe(false);
    expect(v.call({ region: 'custom' }, 'https://proxy.example')).toBe(true);
    expect(v.call({ region: 'global' }, '')).toBe(true);
  });
});

describe('palette and labels', () => {
  it.each([
    ['en-US', 'Xiaohongshu', 'Just One API account'],
    ['zh-CN', '小红书', 'Just One API 账号'],
  ])('%s: the platform and account nodes have proper labels', (lang, palette, account) => {
    const { def, defs } = loadEditor(lang);
    expect(def.category).toBe('Just One API');
    expect(def.paletteLabel.call(def)).toBe(palette);
    const cfg = defs['justoneapi-config'];
    cfg._ = (k: string) => lookup(JSON.parse(read(`locales/${lang}/justoneapi-config.json`)), k) ?? k;
    expect(cfg.paletteLabel.call(cfg)).toBe(account);
  });

  it('the palette filter also finds the node by every name of the platform', () => {
    const html = read('justoneapi-xiaohongshu.html');
    const aliases = JSON.parse(
      /JustOneApiEditor\.aliases\('justoneapi-xiaohongshu', (\[.*?\])\)/.exec(html)![1]!,
    );
    expect(aliases).toEqual(expect.arrayContaining(['Xiaohongshu', 'RedNote', '小红书']));
  });

  it('a node is labelled "Platform · Operation" (version in lower case), or by its name', () => {
    const { def, node } = loadEditor();
    expect(def.label.call(node({ operation: 'searchUsers' }))).toBe('Xiaohongshu · User Search (v2)');
    expect(loadEditor('zh-CN').def.label.call(loadEditor('zh-CN').node({ operation: 'searchUsers' }))).toBe(
      '小红书 · 用户搜索 (v2)',
    );
    expect(def.label.call(node({ operation: 'searchUsers', name: 'mine' }))).toBe('mine');
  });

  it('the 0.1 node types stay registered but leave the palette', () => {
    const { defs } = loadEditor();
    for (const f of ['justoneapi-xhs-users.html', 'justoneapi-xhs-feed.html'])
      for (const s of scripts(read(f)))
        runInNewContext(s, {
          RED: { nodes: { registerType: (t: string, d: any) => (defs[t] = d) } },
          JustOneApiEditor: { count: () => () => true, runDefaults: () => ({}) },
        });
    expect(defs['justoneapi-xhs-users'].category).toBe('deprecated');
    expect(defs['justoneapi-xhs-feed'].defaults.oid).toEqual({ value: '' });
  });
});
