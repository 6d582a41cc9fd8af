// The generated package follows the catalog: one node per platform, every listed operation and
// parameter labelled in both languages, statuses short, both message catalogues complete.
import { readFileSync } from 'node:fs';
import { documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';
import { shortName } from '../src/icons.mjs';
import { describe, expect, it } from 'vitest';

const pkgDir = new URL('../', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, pkgDir), 'utf8');
const pkg = JSON.parse(read('package.json'));
const listed = documentedOperations.filter((op) => !op.hidden);
const platformIds = [...new Set(listed.map((op) => op.namespace))];
const LANGS = ['en-US', 'zh-CN'];

function leaves(o: any, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, leaves(v, `${prefix}${k}.`));
  return out;
}

describe('generated from the catalog', () => {
  it('package.json lists one node set per platform (written by the build, never by hand)', () => {
    expect(Object.keys(pkg['node-red'].nodes)).toEqual([
      'justoneapi-config',
      'justoneapi-xhs-users',
      'justoneapi-xhs-feed',
      ...platformIds.map((id) => `justoneapi-${id}`),
    ]);
  });

  it.each(LANGS)('%s: every listed operation and parameter has a label; hidden ones are absent', (lang) => {
    for (const id of platformIds) {
      const type = `justoneapi-${id}`;
      const messages = JSON.parse(read(`nodes/locales/${lang}/${type}.json`));
      const platform = documentedPlatforms.find((p) => p.id === id);
      if (platform)
        expect(messages.paletteLabel).toBe(
          lang === 'zh-CN' ? platform.name.zh : shortName(platform.name.en).replace(/-/g, '\u2011'),
        );
      const html = read(`nodes/${type}.html`);
      for (const op of documentedOperations.filter((o) => o.namespace === id)) {
        if (op.hidden) {
          expect(messages.ops[op.method], op.id).toBeUndefined();
          expect(html).not.toContain(`"m":"${op.method}"`);
          continue;
        }
        expect(messages.ops[op.method].s, op.id).toBeTruthy();
        expect(html).toContain(`"m":"${op.method}"`);
        for (const p of op.params)
          expect(messages.ops[op.method].p[p.name], `${op.id} ${p.name}`).toBeTruthy();
      }
      const help = read(`nodes/locales/${lang}/${type}.html`);
      expect(help).toContain(lang === 'zh-CN' ? '<h3>参考</h3>' : '<h3>References</h3>');
      expect(help).toContain(lang === 'zh-CN' ? '<h3>输出</h3>' : '<h3>Outputs</h3>');
      expect(help).toContain('msg.error.message');
    }
  });
});

describe('Chinese editor', () => {
  const cjk = /[\u3400-\u9fff]/;
  it('shows a Chinese name for every operation that has a Chinese title from the vendor', () => {
    let withZh = 0;
    for (const op of documentedOperations.filter((o) => !o.hidden)) {
      const zh = JSON.parse(read(`nodes/locales/zh-CN/justoneapi-${op.namespace}.json`));
      if (!cjk.test(op.summary.zh)) continue;
      withZh++;
      expect(zh.ops[op.method].s, op.id).toMatch(cjk);
    }
    // The vendor's titles reach the catalog (specs/i18n/zh-CN.json): most operations have one.
    expect(withZh).toBeGreaterThan(documentedOperations.filter((o) => !o.hidden).length / 2);
  });

  it('every platform catalogue has Chinese operation names', () => {
    for (const id of platformIds) {
      const zh = JSON.parse(read(`nodes/locales/zh-CN/justoneapi-${id}.json`));
      expect([id, Object.values<any>(zh.ops).some((o) => cjk.test(o.s))]).toEqual([id, true]);
    }
  });
});

describe('message catalogues', () => {
  const en = leaves(JSON.parse(read('src/locales/en-US/messages.json')));
  const zh = leaves(JSON.parse(read('src/locales/zh-CN/messages.json')));

  it('zh-CN has every en-US key, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en))
      expect((zh[k]!.match(/__\w+__/g) ?? []).sort(), k).toEqual((en[k]!.match(/__\w+__/g) ?? []).sort());
  });

  it.each([
    ['en-US', en],
    ['zh-CN', zh],
  ])('%s: every status fits in 20 characters', (_lang, cat) => {
    const sample = { page: 12, count: 1200, n: 99, max: 100, code: 602, requests: 99 };
    for (const [k, v] of Object.entries(cat).filter(([k]) => k.startsWith('status.')))
      expect(
        v.replace(/__(\w+)__/g, (_, x) => String(sample[x as keyof typeof sample])).length,
        k,
      ).toBeLessThanOrEqual(20);
  });

  it('errors start with the advice (a verb), never with a class name or a code', () => {
    for (const [k, v] of Object.entries(en).filter(
      ([k]) =>
        k.startsWith('errors.code.') ||
        /^errors\.(timeout|connection|badResponse|badInput|required|count|noConfig|noToken|noBaseUrl|queueFull)$/.test(
          k,
        ),
    ))
      expect(v, k).toMatch(/^(Check|Try|Send|Wait|Fix|Enable|Top|Raise|Set|Open|Enter|Slow)\b/);
  });

  it('the China region is flagged as plain HTTP in the dialog and the help, in both languages', () => {
    expect(en['justoneapi-config.region.cn']).toMatch(/plain HTTP/);
    expect(zh['justoneapi-config.region.cn']).toMatch(/明文 HTTP/);
    expect(en['justoneapi-config.warn.cn']).toMatch(/unencrypted/);
    expect(read('nodes/locales/en-US/justoneapi-config.html')).toMatch(/plain HTTP.*unencrypted/s);
    expect(read('nodes/locales/zh-CN/justoneapi-config.html')).toMatch(/明文 HTTP.*未加密/s);
    expect(read('nodes/justoneapi-config.html')).toContain('id="justoneapi-warn-cn"');
  });
});
