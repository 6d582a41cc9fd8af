// The Apps Script bundle's size and start-up cost. Every custom function call evaluates the whole of
// Code.js in a fresh context, so the time to evaluate it is a formula's cold start. Printed as ratios to
// the two-operation bundle of before this change (bench/baseline/Code.js.gz: main's dist/Code.js at
// 3bd95eb, gzipped so that no tool takes it for source),
// for: today's bundle (dist/Code.js: the formula code, the operations packed per platform and the menu
// code packed, see scripts/build.mjs); the same code with the vendor's whole catalog (348 operations,
// bench/vendor-catalog.mjs) as built (texts in Reference.html, which Apps Script does not evaluate with
// the script); the same with the texts kept in Code.js; and, for
// comparison, the catalog as plain object literals (what a catalog that is neither compact nor lazy
// would cost). Then a formula's cold start as a whole, against the same baseline: evaluating Code.js in a
// fresh context and one cached =XHS_SEARCH_USERS("咖啡"), in side-by-side pairs (budget: 1.5x).
//   pnpm --filter @justoneapi/sheets build && node bench/size.mjs [iterations]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { gunzipSync, gzipSync } from 'node:zlib';
import { userSearchPage } from '@justoneapi/sandbox';
import { spreadsheet } from './apps-script.mjs';
import { vendorCatalog } from './vendor-catalog.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;
const ITERATIONS = Number(process.argv[2] ?? 60);
const bundles = [
  [
    'baseline: 2 operations, before',
    gunzipSync(readFileSync(here('./baseline/Code.js.gz'))).toString('utf8'),
  ],
  [`now: dist/Code.js`, readFileSync(here('../dist/Code.js'), 'utf8')],
];

// The vendor's document: JUSTONEAPI_VENDOR_SPEC, or shared/vendor/public-api.json beside the repository.
const spec = [process.env.JUSTONEAPI_VENDOR_SPEC, here('../../../../shared/vendor/public-api.json')].find(
  (p) => p && existsSync(p),
);
let decode = '';
const scratch = mkdtempSync(join(tmpdir(), 'sheets-bench-'));
try {
  if (spec) {
    const catalog = vendorCatalog(JSON.parse(readFileSync(spec, 'utf8')));
    // What a formula decodes on top: its platform's operations (gunzip + JSON.parse; Node's zlib
    // standing in for Utilities.ungzip), for the largest platform.
    const groups = {};
    for (const op of catalog.operations) (groups[op.namespace] ??= []).push(op);
    const platforms = Object.values(groups);
    const largest = platforms.sort((a, b) => b.length - a.length)[0];
    // Its runtime part, as catalog-module.mjs packs it (the texts go elsewhere).
    const runtime = largest.map(({ summary, description, searchAliases, operationId, version, ...op }) => ({
      ...op,
      params: op.params.map(({ displayName, description: _, ...p }) => p),
    }));
    const packed = gzipSync(JSON.stringify(runtime), { level: 9 });
    const t = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) JSON.parse(gunzipSync(packed).toString('utf8'));
    decode = `decoding the largest platform's operations (${largest.length}, ${(packed.length / 1024).toFixed(1)} kB packed): ${(Number(process.hrtime.bigint() - t) / 1e8).toFixed(2)} ms`;
    const file = join(scratch, 'catalog.json');
    writeFileSync(file, JSON.stringify(catalog));
    for (const [label, flags] of [
      [`full catalog (${catalog.operations.length} ops), as built`, []],
      [`full catalog, texts kept in Code.js`, ['--texts', 'inline']],
      [`full catalog, eager object literals`, ['--eager-catalog']],
    ]) {
      const out = join(scratch, String(bundles.length));
      execFileSync(
        process.execPath,
        [here('../scripts/build.mjs'), '--catalog', file, '--out', out, ...flags],
        {
          cwd: here('..'),
          stdio: 'ignore',
        },
      );
      bundles.push([label, readFileSync(join(out, 'Code.js'), 'utf8')]);
      if (existsSync(join(out, 'Reference.html')))
        console.log(
          `(${label}: Reference.html ${(readFileSync(join(out, 'Reference.html')).length / 1024).toFixed(1)} kB, read only by the Operations reference)`,
        );
    }
  } else console.log('(vendor document not found: set JUSTONEAPI_VENDOR_SPEC to measure the full catalog)');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Evaluates the code in a fresh context; a unique comment defeats V8's compilation cache, as a new execution would. */
let n = 0;
function evaluate(code) {
  const context = vm.createContext({});
  const script = `${code}\n//${++n}`;
  const t = process.hrtime.bigint();
  vm.runInContext(script, context);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const times = bundles.map(() => []);
for (let i = 0; i < 5; i++) bundles.forEach(([, code]) => evaluate(code)); // warm up the VM itself
for (let i = 0; i < ITERATIONS; i++) bundles.forEach(([, code], b) => times[b].push(evaluate(code)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
const baseSize = Buffer.byteLength(bundles[0][1]);
console.log(`Sheets Code.js, evaluation in a fresh V8 context (median of ${ITERATIONS}, alternating):`);
for (const [b, [label, code]] of bundles.entries()) {
  const size = Buffer.byteLength(code);
  const m = median(times[b]);
  console.log(
    `  ${label.padEnd(48)} ${(size / 1024).toFixed(1).padStart(6)} kB (x${(size / baseSize).toFixed(2)}), ${(code.length / 1000).toFixed(1).padStart(5)} k chars, gzip ${(gzipSync(code).length / 1024).toFixed(1).padStart(5)} kB, evaluate ${m.toFixed(2)} ms = x${(m / base).toFixed(2)}`,
  );
}
if (decode) console.log(`  + ${decode}, once per formula execution`);
// What a menu item, onOpen or a trigger adds: decoding the menu bundle packed in Code.js (Node's zlib
// standing in for Utilities.ungzip) and compiling it (new Function); formulas never do this.
{
  const code = bundles[1][1];
  const packed = [...code.matchAll(/"([01][\u4e00-\u8dff]+)"/g)]
    .map((m) => m[1])
    .sort((a, b) => b.length - a.length)[0];
  const toBytes = (s) => {
    const bytes = [];
    let acc = 0;
    let bits = 0;
    for (let i = 1; i < s.length; i++) {
      acc = (acc << 14) | (s.charCodeAt(i) - 0x4e00);
      bits += 14;
      while (bits >= 8) {
        bits -= 8;
        bytes.push((acc >> bits) & 255);
      }
      acc &= (1 << bits) - 1;
    }
    if (s[0] === '1') bytes.pop();
    return Buffer.from(bytes);
  };
  const menu = (n) => {
    const source = gunzipSync(toBytes(packed)).toString('utf8');
    new vm.Script(`(function (__JOA_SHARED) {${source}\n//${n}\n})`);
    return source.length;
  };
  const ms = [];
  let size = 0;
  for (let i = 0; i < 5 + ITERATIONS; i++) {
    const t = process.hrtime.bigint();
    size = menu(i);
    if (i >= 5) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(
    `  + decoding and compiling the menu bundle (${(size / 1024).toFixed(1)} kB of code, ${(packed.length / 1024).toFixed(1)} k characters packed): ${median(ms).toFixed(2)} ms, once per menu, onOpen or trigger execution`,
  );
}

// A formula's cold start: every recalculation of a cell is a new execution, which evaluates Code.js in a
// fresh context and then runs the function. Measured on the whole (evaluation plus one call of
// =XHS_SEARCH_USERS("咖啡") whose result is cached: the common case, a sheet reopened or recalculated),
// baseline and today's bundle side by side in each pair; the ratio is the median of the pairs' ratios.
{
  const answer = JSON.stringify({
    code: 0,
    data: userSearchPage('咖啡', 1, {}),
    message: null,
    recordTime: '',
  });
  const pairs = [bundles[0], bundles[1]].map(([label, code]) => ({
    label,
    code,
    book: spreadsheet({ token: 'bench-token', baseUrl: 'http://127.0.0.1:9', answer }),
  }));
  const coldStart = ({ code, book }) => {
    const context = vm.createContext(book.services());
    const script = `${code}\n//${++n}`;
    const t = process.hrtime.bigint();
    vm.runInContext(script, context);
    const table = context.XHS_SEARCH_USERS('咖啡');
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (!Array.isArray(table) || table.length < 2) throw new Error('the formula returned no table');
    return ms;
  };
  for (const p of pairs) coldStart(p); // the first call fetches (the stand-in's answer) and caches
  const fetched = pairs.map((p) => p.book.stats.fetches);
  for (let i = 0; i < 5; i++) pairs.forEach(coldStart);
  const runs = [[], []];
  const ratios = [];
  for (let i = 0; i < ITERATIONS * 3; i++) {
    const [b, c] = i % 2 ? [1, 0] : [0, 1];
    const ms = [];
    ms[b] = coldStart(pairs[b]);
    ms[c] = coldStart(pairs[c]);
    runs[0].push(ms[0]);
    runs[1].push(ms[1]);
    ratios.push(ms[1] / ms[0]);
  }
  if (pairs.some((p, i) => p.book.stats.fetches !== fetched[i]))
    throw new Error('a cached formula fetched: the measure is not of a cached call');
  const ratio = median(ratios);
  console.log(
    `A formula's cold start: evaluate Code.js + one cached =XHS_SEARCH_USERS("咖啡") (median of ${ratios.length} side-by-side pairs):`,
  );
  pairs.forEach((p, i) => console.log(`  ${p.label.padEnd(48)} ${median(runs[i]).toFixed(2)} ms`));
  console.log(
    `  ratio now / baseline: x${ratio.toFixed(2)} (budget x1.5: ${ratio <= 1.5 ? 'within' : 'OVER'})`,
  );
}
