// The vendor's Chinese texts (specs/i18n/zh-CN.json) reach the generated catalog through the generator.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedOperations } from '../src/core/index.js';

const { texts } = JSON.parse(
  readFileSync(new URL('../../../specs/i18n/zh-CN.json', import.meta.url), 'utf8'),
);
const cjk = /[\u3400-\u9fff]/;

describe("the vendor's Chinese texts", () => {
  it('every operation whose English title the vendor translated has a Chinese title', () => {
    const translated = documentedOperations.filter((op) => texts[op.summary.en]);
    expect(translated.length).toBeGreaterThan(documentedOperations.length / 2);
    for (const op of translated) expect([op.id, cjk.test(op.summary.zh)]).toEqual([op.id, true]);
  });

  it('parameter descriptions and the enum labels in them come from the Chinese description', () => {
    const op = documentedOperations.find((o) => o.id === 'douyin.searchVideoV4')!;
    const sort = op.params.find((p) => p.name === 'sortType')!;
    expect(sort.description.zh).toMatch(cjk);
    expect(sort.enum!.every((e) => cjk.test(e.label!.zh))).toBe(true);
  });
});
