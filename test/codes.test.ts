// The business-code table is written once (packages/sdk/src/core/errors.ts); the READMEs that show it
// must agree with it: same codes, same error classes, same retry decision.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUSINESS_CODES } from '../packages/sdk/src/core/codes.js';

const root = new URL('..', import.meta.url).pathname;

function rows(file: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of readFileSync(`${root}${file}`, 'utf8').split('\n')) {
    const m = /^\|\s*([\d ,/]+?)\s*\|/.exec(line);
    if (!m) continue;
    for (const code of m[1]!.split(/[,/ ]+/).filter(Boolean)) out.set(Number(code), line);
  }
  return out;
}

describe('business codes', () => {
  it.each(['README.md', 'packages/sdk/README.md'])('%s agrees with the one table in the core', (file) => {
    const table = rows(file);
    for (const c of BUSINESS_CODES.filter((x) => x.code !== 0)) {
      const row = table.get(c.code);
      expect(row, `${file}: no row for code ${c.code}`).toBeDefined();
      expect(row, `${file}: code ${c.code}`).toContain(c.errorClass);
      expect(/\|\s*(yes|retried)/i.test(row!), `${file}: code ${c.code} retried?`).toBe(c.retried);
    }
  });
});
