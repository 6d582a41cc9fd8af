// Builds dist/Code.js (one Apps Script file: the SDK core + this package, minified into one IIFE,
// then a top-level function declaration with JSDoc for each public function), dist/appsscript.json
// and dist/.clasp.json.example.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PUBLIC_FUNCTIONS } from './public-functions.mjs';

const GLOBAL = 'JustOneApiSheets';
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

const result = await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'iife',
  globalName: GLOBAL,
  target: 'es2020',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  write: false,
  metafile: true,
});
const bundle = result.outputFiles[0].text;
const exported = Object.values(result.metafile.outputs)[0].exports ?? [];
const wrappers = PUBLIC_FUNCTIONS.map((f) => {
  const doc = ['/**', ...f.doc.map((l) => ` * ${l}`), ' */'].join('\n');
  return `${doc}\nfunction ${f.name}(${f.params.join(', ')}) {\n  return ${GLOBAL}.${f.name}(${f.params.join(', ')});\n}`;
});
const header = `// Just One API for Google Sheets ${version}: Xiaohongshu (RedNote) data. https://github.com/justoneapi/justoneapi-js\n// Paste into Extensions > Apps Script (or clasp push), reload the sheet, then Just One API > Set token….\n`;
writeFileSync('dist/Code.js', `${header}${bundle}\n${wrappers.join('\n\n')}\n`);
// The script's time zone is the one time-driven triggers use ("every day at about 6:00"). The data is
// Chinese, so Beijing time by default; users change it in Project Settings > Time zone.
writeFileSync(
  'dist/appsscript.json',
  `${JSON.stringify(
    {
      timeZone: 'Asia/Shanghai',
      runtimeVersion: 'V8',
      exceptionLogging: 'STACKDRIVER',
      oauthScopes: [
        'https://www.googleapis.com/auth/script.external_request',
        'https://www.googleapis.com/auth/spreadsheets.currentonly',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.scriptapp',
      ],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  'dist/.clasp.json.example',
  `${JSON.stringify({ scriptId: 'YOUR_SCRIPT_ID', rootDir: '.' }, null, 2)}\n`,
);
if (exported.length === 0) {
  // esbuild does not report IIFE exports; check the wrapped names against the bundle instead.
  for (const f of PUBLIC_FUNCTIONS)
    if (!new RegExp(`\\b${f.name}\\b`).test(bundle))
      throw new Error(`${f.name} is not exported by src/index.ts`);
}
console.log(`dist/Code.js: ${(Buffer.byteLength(readFileSync('dist/Code.js')) / 1024).toFixed(1)} kB`);
