#!/usr/bin/env node
// Adds up the test counts in a log of `npm test` / `npm run test:e2e` (vitest "Tests  N passed" lines
// and the e2e runners' "N passed, M failed" lines) and prints one closing line.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const m of text.matchAll(/^\S*\s*Tests\s+(?:(\d+) failed \| )?(\d+) passed/gm)) {
  failed += Number(m[1] ?? 0);
  passed += Number(m[2]);
}
for (const m of text.matchAll(/^\S*\s*Tests\s+(\d+) failed \((\d+)\)/gm)) failed += Number(m[1]);
for (const m of text.matchAll(/e2e: (\d+) passed, (\d+) failed/g)) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
