// Builds dist/Code.js (one Apps Script file: the SDK core + this package, minified into one IIFE,
// then a top-level function declaration with JSDoc for each public function), dist/appsscript.json
// and dist/.clasp.json.example.
//
// The SDK core is bundled from its sources, module by module, so that what the bundle does not use
// (the docs module that merges texts into every operation at load time, the column docs …) is left
// out; src/catalog.ts is replaced by a compact, lazy copy of the catalog (catalog-module.mjs).
//
//   node scripts/build.mjs [--catalog catalog.json] [--out dir] [--texts auto|inline|file]
// --catalog: build with another catalog ({ operations: DocumentedOperation[], platforms }), for the
// bench (the vendor's whole catalog) and the tests (operations beyond today's two). --texts: where the
// Operations reference's texts go (auto: Code.js while small, else Reference.html; see catalog-module.mjs).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogModule, TEXTS_FILE } from './catalog-module.mjs';
import { PUBLIC_FUNCTIONS } from './public-functions.mjs';

const { values: args } = parseArgs({
  options: {
    catalog: { type: 'string' },
    out: { type: 'string' },
    'eager-catalog': { type: 'boolean' },
    texts: { type: 'string', default: 'auto' },
  },
});
const OUT = args.out ?? 'dist';
const GLOBAL = 'JOA';
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const require = createRequire(import.meta.url);
const sdkDir = dirname(require.resolve('@justoneapi/sdk/package.json'));
const coreSource = join(sdkDir, 'src/core/index.ts');
const catalog = args.catalog
  ? JSON.parse(readFileSync(args.catalog, 'utf8'))
  : await import('@justoneapi/sdk/core').then((core) => ({
      operations: core.documentedOperations,
      platforms: core.documentedPlatforms,
    }));
const CATALOG_FILE = resolve('src/catalog.ts');
const generated = catalogModule(catalog, {
  eager: args['eager-catalog'],
  ...(args.texts === 'auto' ? {} : { textsFile: args.texts === 'file' }),
});
const plugin = {
  name: 'justoneapi-sheets',
  setup(b) {
    if (existsSync(coreSource))
      b.onResolve({ filter: /^@justoneapi\/sdk\/core$/ }, () => ({ path: coreSource }));
    b.onLoad({ filter: /[\\/]src[\\/]catalog\.ts$/ }, (a) =>
      resolve(a.path) === CATALOG_FILE ? { contents: generated.module, loader: 'js' } : undefined,
    );
  },
};

const result = await build({
  plugins: [plugin],
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
if (process.env.SHEETS_BUILD_ANALYZE)
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs))
    console.log(String(bytesInOutput).padStart(7), file);
const exported = Object.values(result.metafile.outputs)[0].exports ?? [];
// Custom functions keep their JSDoc block (Sheets shows it in autocomplete); menu handlers and
// triggers need only the declaration (their docs stay in public-functions.mjs), one line each.
const custom = (f) => f.doc.includes('@customfunction');
const call = (f) =>
  `${f.name}(${f.params.join(', ')}) {\n  return ${GLOBAL}.${f.name}(${f.params.join(', ')});\n}`;
const wrappers = [
  ...PUBLIC_FUNCTIONS.filter(custom).map(
    (f) => `${['/**', ...f.doc.map((l) => ` * ${l}`), ' */'].join('\n')}\nfunction ${call(f)}`,
  ),
  `// Menu handlers and triggers.\n${PUBLIC_FUNCTIONS.filter((f) => !custom(f))
    .map(
      (f) => `function ${f.name}(${f.params.join(',')}){return ${GLOBAL}.${f.name}(${f.params.join(',')})}`,
    )
    .join('\n')}`,
];
const header = `// Just One API for Google Sheets ${version}. https://github.com/justoneapi/justoneapi-js\n// Paste into Extensions > Apps Script, reload the sheet, then Just One API > Set token….\n`;
writeFileSync(`${OUT}/Code.js`, `${header}${bundle}\n${wrappers.join('\n\n')}\n`);
// The texts of a large catalog (summaries, parameter descriptions) for the Operations reference only.
if (generated.textsFile) writeFileSync(`${OUT}/${TEXTS_FILE}.html`, generated.textsFile);
// The script's time zone is the one time-driven triggers use ("every day at about 6:00"). The data is
// Chinese, so Beijing time by default; users change it in Project Settings > Time zone.
writeFileSync(
  `${OUT}/appsscript.json`,
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
  `${OUT}/.clasp.json.example`,
  `${JSON.stringify({ scriptId: 'YOUR_SCRIPT_ID', rootDir: '.' }, null, 2)}\n`,
);
if (exported.length === 0) {
  // esbuild does not report IIFE exports; check the wrapped names against the bundle instead.
  for (const f of PUBLIC_FUNCTIONS)
    if (!new RegExp(`\\b${f.name}\\b`).test(bundle))
      throw new Error(`${f.name} is not exported by src/index.ts`);
}
console.log(
  `${OUT}/Code.js: ${(Buffer.byteLength(readFileSync(`${OUT}/Code.js`)) / 1024).toFixed(1)} kB (${catalog.operations.length} operations)${generated.textsFile ? `, ${TEXTS_FILE}.html: ${(generated.textsFile.length / 1024).toFixed(1)} kB` : ''}`,
);
