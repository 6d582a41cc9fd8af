#!/usr/bin/env node
// SDK benchmarks, printed as ratios and sizes (never asserted by the test suite's clock):
//  1. SDK call vs raw fetch against the sandbox over loopback, interleaved in the same run (target median ratio <= 1.10)
//  2. client overhead per call: raw fetch, openapi-fetch alone and the SDK on one injected fetch that answers
//     at once (overhead.mjs, also runnable alone: `node bench/overhead.mjs`; target <= 30 µs over raw fetch)
//  3. the run engine's overhead per page beside a raw fetch paging loop (engine.mjs, runnable alone)
//  4. sizes, minified + gzipped: the whole client (target <= 25 kB), one platform (<= 9 kB), per operation (<= 100 B)
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
// The sandbox depends on the SDK, so the SDK reaches it by path (turbo builds it first: see turbo.json).
import { startSandbox } from '../../sandbox/dist/index.js';
import { createClient } from '../dist/index.js';

const N = Number(process.env.BENCH_N ?? 2000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sandbox = await startSandbox();
try {
  const client = createClient({ token: 'sandbox', baseUrl: sandbox.url });
  const url = (page) =>
    `${sandbox.url}/api/xiaohongshu/search-user/v2?token=sandbox&keyword=${encodeURIComponent('咖啡')}&page=${page}`;
  const raw = async (page) => {
    const body = await (await fetch(url(page))).json();
    if (body.code !== 0) throw new Error(`code ${body.code}`);
    return body;
  };
  // The same raw fetch with what any production call needs: a timeout (the SDK's 60 s), which makes
  // Node's fetch follow an abort signal per request.
  const rawTimeout = async (page) => {
    const body = await (await fetch(url(page), { signal: AbortSignal.timeout(60_000) })).json();
    if (body.code !== 0) throw new Error(`code ${body.code}`);
    return body;
  };
  const sdk = (page) => client.xiaohongshu.searchUsers({ keyword: '咖啡', page });
  const variants = [
    ['raw fetch', raw],
    ['raw fetch + timeout', rawTimeout],
    ['SDK', sdk],
  ];
  for (let i = 0; i < 500; i++) for (const [, fn] of variants) await fn(1 + (i % 5)); // warm-up: JIT, sockets
  // Alternating blocks (raw, raw + timeout, SDK, raw ...) so slow drift of the machine hits all alike,
  // while each call runs after one of its own kind (one-by-one alternation lets each side's garbage
  // land in the other's timings).
  const times = variants.map(() => []);
  const BLOCK = 50;
  for (let b = 0; b < (variants.length * N) / BLOCK; b++) {
    const v = b % variants.length;
    for (let i = 0; i < BLOCK; i++) {
      const t0 = performance.now();
      await variants[v][1](1 + (i % 5));
      times[v].push(performance.now() - t0);
    }
  }
  const [mr, mt, ms] = times.map(median);
  const us = (t) => `${(t * 1000).toFixed(0)} µs`;
  console.log(
    `loopback, ${N} calls each, medians: raw fetch ${us(mr)}, raw fetch + timeout ${us(mt)}, SDK ${us(ms)}`,
  );
  console.log(
    `  SDK / raw fetch: ${(ms / mr).toFixed(3)} (target <= 1.10); SDK / raw fetch + timeout: ${(ms / mt).toFixed(3)}`,
  );
} finally {
  await sandbox.close();
}

// Client overhead with one injected fetch for every variant (raw fetch, openapi-fetch alone, SDK): see overhead.mjs.
await import('./overhead.mjs');

// The run engine's overhead per page beside a raw fetch paging loop, injected and over loopback: see engine.mjs.
await import('./engine.mjs');

// Sizes as an app's bundler sees them: everything the entry exports, minified + gzipped.
const size = async (entry, external = []) => {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external,
    write: false,
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.length / 1024, gz: gzipSync(bytes).length / 1024 };
};
const kb = (s) => `${s.min.toFixed(1)} kB min, ${s.gz.toFixed(2)} kB min+gzip`;
const { operations } = await import('../dist/core.js');
const count = (ns) => operations.filter((op) => !ns || op.namespace === ns).length;
const smallest = [...new Set(operations.map((op) => op.namespace))].sort(
  (a, b) => count(a) - count(b) || a.localeCompare(b),
)[0];
const full = await size('dist/index.js');
const fullOwn = await size('dist/index.js', ['openapi-fetch']);
const xhs = await size('dist/xiaohongshu.js');
const one = await size(`dist/${smallest}.js`);
const core = await size('dist/core.js');
// The budget test/pack.test.ts enforces: 14,000 B + 40 B per further operation.
const budget = (n) => (14_000 + 40 * (n - 1)) / 1024;
console.log(
  `whole client, all ${count()} operations, openapi-fetch included: ${kb(full)} (budget ${budget(count()).toFixed(2)} kB); own code ${kb(fullOwn)}`,
);
console.log(
  `one platform, @justoneapi/sdk/xiaohongshu (${count('xiaohongshu')} operations): ${kb(xhs)} (budget ${budget(count('xiaohongshu')).toFixed(2)} kB; issue target 9 kB)`,
);
console.log(`one platform, @justoneapi/sdk/${smallest} (${count(smallest)} operation(s)): ${kb(one)}`);
console.log(
  `each further operation: ${(((full.gz - one.gz) * 1024) / (count() - count(smallest))).toFixed(0)} B min+gzip on average (budget 40 B)`,
);
console.log(`@justoneapi/sdk/core (with texts for every operation): ${kb(core)}`);
