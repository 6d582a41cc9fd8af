// Builds dist/Code.js (one Apps Script file: the formula bundle, minified into one IIFE, carrying the
// menu bundle packed in one string; then a top-level function declaration with JSDoc for each public
// function), dist/appsscript.json and dist/.clasp.json.example.
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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogModule, TEXTS_FILE } from './catalog-module.mjs';
import { pack } from './pack.mjs';
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
// Two bundles. The formula bundle (src/index.ts: the custom functions and what they call) is Code.js's
// code, evaluated by every execution. The menu bundle (src/menu-index.ts: menu, onOpen, triggers, jobs,
// refresh, spend control, reference) is minified and packed (pack.mjs) into one string of Code.js,
// evaluated with `new Function` only when a menu item, onOpen or a trigger runs (src/lazy.ts). Every
// module of the formula bundle is shared, not copied: the menu bundle's imports of it become reads
// `__JOA_SHARED(i, name)`, and the formula bundle keeps those names and hands them over (SHARED,
// src/lazy-parts.ts). So there is one catalog (and its decoded platforms), one set of error classes
// (`instanceof` holds across the two), one copy of every function.
const CORE_RE = /^@justoneapi\/sdk\/core$/;
const LAZY_PARTS = resolve('src/lazy-parts.ts');
const MENU_PLACEHOLDER = '__JOA_MENU_CODE__';
const common = {
  bundle: true,
  target: 'es2020',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  write: false,
  metafile: true,
};
const sources = (b) => {
  if (existsSync(coreSource)) b.onResolve({ filter: CORE_RE }, () => ({ path: coreSource }));
  b.onLoad({ filter: /[\\/]src[\\/]catalog\.ts$/ }, (a) =>
    resolve(a.path) === CATALOG_FILE
      ? { contents: generated.module, loader: 'js', resolveDir: dirname(CATALOG_FILE) }
      : undefined,
  );
};
/** The formula bundle; `shared` maps each shared module to the names the menu bundle reads from it. */
const formulaPlugin = (shared) => ({
  name: 'justoneapi-sheets-formula',
  setup(b) {
    sources(b);
    b.onLoad({ filter: /[\\/]src[\\/]lazy-parts\.ts$/ }, (a) => {
      if (resolve(a.path) !== LAZY_PARTS) return undefined;
      const files = [...shared.keys()];
      const alias = (i, name) => `s${i}_${name}`;
      // One entry per module, in the menu bundle's order (`__JOA_SHARED(i, …)`), empty when it reads none.
      const imports = files
        .filter((f) => shared.get(f).size > 0)
        .map(
          (f) =>
            `import { ${[...shared.get(f)].map((n) => `${n} as ${alias(files.indexOf(f), n)}`).join(', ')} } from ${JSON.stringify(f)};`,
        );
      const objects = files.map(
        (f, i) => `{ ${[...shared.get(f)].map((n) => `${n}: ${alias(i, n)}`).join(', ')} }`,
      );
      return {
        contents: `${imports.join('\n')}\nexport const SHARED = [${objects.join(', ')}];\nexport const MENU_CODE = ${JSON.stringify(MENU_PLACEHOLDER)};`,
        loader: 'js',
      };
    });
  },
});
/** The menu bundle: an import of a shared module reads each name from the formula bundle (`__JOA_SHARED(i, name)`). */
const menuPlugin = (files, exportsOf) => ({
  name: 'justoneapi-sheets-menu',
  setup(b) {
    if (existsSync(coreSource)) b.onResolve({ filter: CORE_RE }, () => ({ path: coreSource }));
    b.onResolve({ filter: /.*/ }, async (a) => {
      if (a.pluginData?.inner || a.kind === 'entry-point') return undefined;
      const r = await b.resolve(a.path, {
        kind: a.kind,
        importer: a.importer,
        resolveDir: a.resolveDir,
        pluginData: { inner: true },
      });
      if (r.errors.length) return { errors: r.errors };
      const i = files.indexOf(r.path);
      return i >= 0 ? { path: String(i), namespace: 'joa-shared' } : { path: r.path, namespace: r.namespace };
    });
    // Pure reads, so the names the menu bundle does not use are dropped (and not asked of the formula bundle).
    b.onLoad({ filter: /.*/, namespace: 'joa-shared' }, (a) => ({
      contents: exportsOf
        .get(files[Number(a.path)])
        .map((n) => `export const ${n} = /* @__PURE__ */ __JOA_SHARED(${a.path}, ${JSON.stringify(n)});`)
        .join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]catalog\.ts$/ }, () => {
      throw new Error('the menu bundle must share the catalog, not copy it');
    });
  },
});
const inputsOf = (result) => Object.values(result.metafile.outputs)[0].inputs;
const ENTRY = resolve('src/index.ts');
const buildFormula = (shared) =>
  build({
    ...common,
    plugins: [formulaPlugin(shared)],
    entryPoints: [ENTRY],
    format: 'iife',
    globalName: GLOBAL,
  });
/** The modules with code in the formula bundle: what the menu bundle must share rather than copy. */
const modulesOf = (result) =>
  Object.entries(inputsOf(result))
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([file]) => resolve(file))
    .filter((file) => file !== LAZY_PARTS && file !== ENTRY)
    .sort();
/** Each module's export names (one bundle per module, read from the metafile). */
async function exportNames(files) {
  const result = await build({
    ...common,
    minify: false,
    plugins: [{ name: 'justoneapi-sheets-sources', setup: sources }],
    entryPoints: files,
    format: 'esm',
    outdir: 'exports',
  });
  const names = new Map();
  for (const out of Object.values(result.metafile.outputs))
    if (out.entryPoint) names.set(resolve(out.entryPoint.replace(/^[^:]+:/, '')), out.exports);
  for (const f of files) if (!names.has(f)) throw new Error(`no exports found for ${f}`);
  return names;
}
// Until it settles: the formula bundle's modules; the menu bundle built over them; the names it reads
// from each, which the formula bundle then keeps (possibly bringing in more modules).
let formula = await buildFormula(new Map());
let menuResult;
for (let round = 0; ; round++) {
  if (round > 5) throw new Error('the split between the formula and menu bundles does not settle');
  const files = modulesOf(formula);
  menuResult = await build({
    ...common,
    plugins: [menuPlugin(files, await exportNames(files))],
    entryPoints: ['src/menu-index.ts'],
    format: 'iife',
    globalName: 'JOA_MENU',
  });
  const shared = new Map(files.map((f) => [f, new Set()]));
  for (const [, i, name] of menuResult.outputFiles[0].text.matchAll(
    /__JOA_SHARED\((\d+),\s*["'`](\w+)["'`]\)/g,
  ))
    shared.get(files[Number(i)]).add(name);
  formula = await buildFormula(shared);
  if (modulesOf(formula).join() === files.join()) break;
}
const menuCode = `${menuResult.outputFiles[0].text}return JOA_MENU;`;
const packedMenu = pack(menuCode);
const quoted = new RegExp(`(["'\`])${MENU_PLACEHOLDER}\\1`, 'g');
if ((formula.outputFiles[0].text.match(quoted) ?? []).length !== 1)
  throw new Error('the menu code placeholder is not in the formula bundle exactly once');
const withMenu = formula.outputFiles[0].text.replace(quoted, () => JSON.stringify(packedMenu));
// The build's id (src/build-id.ts): a hash of the bundle itself.
const BUILD_ID_RE = /(["'`])__JOA_BUILD_ID__\1/g;
if (!BUILD_ID_RE.test(withMenu)) throw new Error('the build id placeholder is not in the formula bundle');
const buildId = createHash('sha256').update(withMenu).digest('base64url').slice(0, 12);
const bundle = withMenu.replace(BUILD_ID_RE, () => JSON.stringify(buildId));
if (process.env.SHEETS_BUILD_ANALYZE)
  for (const [name, result] of [
    ['formula bundle', formula],
    ['menu bundle', menuResult],
  ]) {
    console.log(name);
    for (const [file, { bytesInOutput }] of Object.entries(inputsOf(result)).sort(
      (a, b) => a[1].bytesInOutput - b[1].bytesInOutput,
    ))
      console.log(String(bytesInOutput).padStart(7), file);
  }
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
      (f) =>
        `function ${f.name}(${f.params.join(',')}){return ${GLOBAL}.menu().${f.name}(${f.params.join(',')})}`,
    )
    .join('\n')}`,
];
const header = `// Just One API for Google Sheets ${version}. https://github.com/justoneapi/justoneapi-js\n// Paste into Extensions > Apps Script, reload the sheet, then Just One API > Set token….\n// The long strings of CJK characters are packed data (the catalog, the menu code), not text.\n`;
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
// esbuild does not report IIFE exports; check the wrapped names against the bundles instead.
for (const f of PUBLIC_FUNCTIONS) {
  const code = custom(f) ? formula.outputFiles[0].text : menuCode;
  if (!new RegExp(`\\b${f.name}\\b`).test(code))
    throw new Error(`${f.name} is not exported by src/${custom(f) ? 'index' : 'menu-index'}.ts`);
}
console.log(
  `${OUT}/Code.js: ${(Buffer.byteLength(readFileSync(`${OUT}/Code.js`)) / 1024).toFixed(1)} kB (${catalog.operations.length} operations)${generated.textsFile ? `, ${TEXTS_FILE}.html: ${(generated.textsFile.length / 1024).toFixed(1)} kB` : ''}`,
);
