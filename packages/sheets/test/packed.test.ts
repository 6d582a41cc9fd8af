// The packing of what Code.js carries but a formula does not evaluate (the catalog's platforms, the menu
// bundle): scripts/pack.mjs encodes at build time, src/packed.ts decodes in Apps Script. Round trips of
// every length near the padding boundaries (14-bit characters, 8-bit bytes), decoded by the real
// src/packed.ts inside the Apps Script context of the harness.
import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { pack, PACK_BASE } from '../scripts/pack.mjs';
import { createHarness } from './harness';

const decoder = buildSync({
  entryPoints: [new URL('../src/packed.ts', import.meta.url).pathname],
  bundle: true,
  format: 'iife',
  globalName: 'PACKED',
  write: false,
  target: 'es2020',
}).outputFiles[0]!.text;

describe('packed strings', () => {
  it('decode to the text packed, for every length and for Chinese text', () => {
    const h = createHarness();
    vm.runInContext(decoder, h.context);
    const unpack = (s: string) => vm.runInContext('PACKED.unpack', h.context)(s) as string;
    const texts = [
      '',
      '咖啡 ☕ 🍵 "quoted" \\ back\nslash',
      ...Array.from({ length: 60 }, (_, n) => randomBytes(n * 7).toString('latin1')),
    ];
    for (const text of texts) {
      const packed = pack(text);
      expect(packed[0]).toMatch(/^[01]$/);
      // Only characters from the block: no quotes, escapes, line terminators or surrogates in Code.js.
      for (const ch of packed.slice(1))
        expect(ch.charCodeAt(0) - PACK_BASE, 'character in range').toBeGreaterThanOrEqual(0);
      expect(Math.max(...[...packed.slice(1)].map((c) => c.charCodeAt(0)))).toBeLessThan(PACK_BASE + 16384);
      expect(unpack(packed)).toBe(Buffer.from(text, 'utf8').toString('utf8'));
    }
  });
});
