// Size of the Apps Script bundle (already minified by the build), against the 40 kB target.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const code = readFileSync(new URL('../dist/Code.js', import.meta.url));
console.log(
  `@justoneapi/sheets dist/Code.js: ${(code.length / 1024).toFixed(1)} kB minified (target <= 40 kB), ${(gzipSync(code).length / 1024).toFixed(1)} kB gzipped`,
);
