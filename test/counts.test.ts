// Nothing counted by hand: no README, package description or test states how many operations or
// platforms the catalog has. Counts change with every vendor release; tests derive them from the
// catalog, READMEs and descriptions either say "every operation" or take the figure from the generator
// (docs/operations.md, generated).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../packages/sdk/src/core/catalog.js';

const root = new URL('..', import.meta.url).pathname;
const tracked = (...globs: string[]) =>
  execFileSync('git', ['ls-files', '--', ...globs], { cwd: root })
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean);

const vendor = JSON.parse(readFileSync(`${root}specs/vendor/public-api.json`, 'utf8'));
const vendorCount = Object.values(vendor.paths as Record<string, object>).flatMap((i) =>
  Object.keys(i),
).length;
const platformCount = new Set(operations.map((op) => op.namespace)).size;
const perPlatform = new Set(
  [...new Set(operations.map((op) => op.namespace))].map(
    (ns) => operations.filter((op) => op.namespace === ns).length,
  ),
);

/** "N operations", "N platforms", "all N vendor operations", "(N operations)", "N + Notes Feed V1 operations". */
const COUNT =
  /\b(\d(?:[\d,]*\d)?)\s+(?:\+\s+[\w ]+?\s+)?(?:vendor\s+|listed\s+|paged\s+)?(operations?|platforms?|endpoints?)\b/gi;
/** "Deprecated operations (N)": a count in brackets after the word. */
const BRACKETED = /\b(operations?|platforms?|endpoints?)\s*\(\d[\d,]*\)/gi;
const WHOLE = new Set([operations.length, vendorCount, platformCount]);

function handCounts(file: string): string[] {
  const found: string[] = [];
  readFileSync(`${root}${file}`, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const m of [...line.matchAll(COUNT), ...line.matchAll(BRACKETED)])
        found.push(`${file}:${i + 1}: "${m[0]}"`);
      // A whole-catalog figure anywhere near the word (e.g. "toHaveLength(N)", "N + Notes Feed V1").
      for (const n of WHOLE)
        if (
          new RegExp(`(toHaveLength|toBe)\\(${n}\\)|\\b${n}\\b[^.\\n]{0,24}(operation|platform)`).test(line)
        )
          found.push(`${file}:${i + 1}: ${n}`);
    });
  return [...new Set(found)];
}

describe('no operation or platform count written by hand', () => {
  it('in READMEs, package descriptions and tests', () => {
    const files = tracked(
      'README.md',
      '**/README.md',
      '**/package.json',
      '**/*.test.ts',
      '**/*.test.mjs',
      'test/**',
    );
    expect(files.length).toBeGreaterThan(10);
    const found = files
      .filter((f) => !f.includes('node_modules'))
      .flatMap((f) => {
        if (!f.endsWith('package.json')) return handCounts(f);
        const { description = '', keywords = [] } = JSON.parse(readFileSync(`${root}${f}`, 'utf8'));
        return [description, ...keywords].some(
          (t: string) => COUNT.test(t) || [...WHOLE].some((n) => t.includes(String(n))),
        )
          ? [`${f}: description "${description}"`]
          : [];
      });
    expect(found).toEqual([]);
  });

  it('the check itself finds a hand count', () => {
    // Guard against a check that matches nothing: the forms it must catch.
    for (const text of [
      `all ${operations.length} operations`,
      `${vendorCount} operations on ${platformCount} platforms`,
      `expect(operations).toHaveLength(${operations.length})`,
      `(${[...perPlatform][0]} operations)`,
      `Deprecated operations (${4}6) stay callable`,
    ]) {
      const hit =
        [...text.matchAll(COUNT)].length > 0 ||
        [...text.matchAll(BRACKETED)].length > 0 ||
        [...WHOLE].some((n) => new RegExp(`toHaveLength\\(${n}\\)`).test(text));
      expect(hit, text).toBe(true);
    }
  });
});
