#!/usr/bin/env node
// SDK benchmarks, printed as ratios and sizes (never asserted by the test suite's clock):
//  1. SDK call vs raw fetch against the sandbox over loopback, interleaved in the same run (target median ratio <= 1.10)
//  2. pure client overhead per call with an injected fetch that answers at once
//  3. the SDK's ESM runtime size, minified + gzipped (target <= 8 kB)
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { startSandbox } from '@justoneapi/sandbox';
import { createClient } from '../dist/index.js';

const N = Number(process.env.BENCH_N ?? 400);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sandbox = await startSandbox();
try {
  const client = createClient({ token: 'sandbox', baseUrl: sandbox.url });
  const url = (page) => `${sandbox.url}/api/xiaohongshu/search-user/v2?token=sandbox&keyword=${encodeURIComponent('咖啡')}&page=${page}`;
  const raw = async (page) => {
    const body = await (await fetch(url(page))).json();
    if (body.code !== 0) throw new Error(`code ${body.code}`);
    return body;
  };
  const sdk = (page) => client.xiaohongshu.searchUsers({ keyword: '咖啡', page });
  for (let i = 0; i < 50; i++) { await raw(1 + (i % 5)); await sdk(1 + (i % 5)); }
  const tRaw = [];
  const tSdk = [];
  for (let i = 0; i < N; i++) {
    const page = 1 + (i % 5);
    const order = i % 2 === 0 ? [[raw, tRaw], [sdk, tSdk]] : [[sdk, tSdk], [raw, tRaw]];
    for (const [fn, times] of order) {
      const t0 = performance.now();
      await fn(page);
      times.push(performance.now() - t0);
    }
  }
  const mr = median(tRaw);
  const ms = median(tSdk);
  console.log(`loopback, ${N} calls each: raw fetch median ${(mr * 1000).toFixed(0)} µs, SDK median ${(ms * 1000).toFixed(0)} µs, ratio ${(ms / mr).toFixed(3)} (target <= 1.10)`);
} finally {
  await sandbox.close();
}

{
  const body = JSON.stringify({ code: 0, data: { users: [{ id: 'a'.repeat(24), name: 'x' }] }, message: null, recordTime: null, requestId: 'r' });
  const fakeFetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const client = createClient({ token: 'sandbox', baseUrl: 'http://bench.invalid', fetch: fakeFetch });
  const M = 20000;
  const time = async (fn) => {
    for (let i = 0; i < 2000; i++) await fn();
    const t0 = performance.now();
    for (let i = 0; i < M; i++) await fn();
    return ((performance.now() - t0) / M) * 1000;
  };
  const base = await time(async () => JSON.parse(await (await fakeFetch()).text()));
  const full = await time(() => client.xiaohongshu.searchUsers({ keyword: '咖啡', page: 1 }));
  console.log(`injected fetch: raw ${base.toFixed(1)} µs/call, SDK ${full.toFixed(1)} µs/call, client overhead ${(full - base).toFixed(1)} µs/call`);
}

// Sizes as an app's bundler sees them: everything the entry exports, minified + gzipped. The budget
// (8 kB) is for the SDK's own code; openapi-fetch, its one dependency, is shown beside it.
const size = async (entry, external) => {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', external, write: false, logLevel: 'silent' });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.length / 1024, gz: gzipSync(bytes).length / 1024 };
};
const own = await size('dist/index.js', ['openapi-fetch']);
const all = await size('dist/index.js', []);
const core = await size('dist/core.js', []);
const kb = (s) => `${s.min.toFixed(1)} kB min, ${s.gz.toFixed(2)} kB min+gzip`;
console.log(`@justoneapi/sdk ESM runtime, own code: ${kb(own)} (target <= 8 kB min+gzip)`);
console.log(`@justoneapi/sdk ESM runtime with openapi-fetch bundled in: ${kb(all)} (openapi-fetch adds ${(all.gz - own.gz).toFixed(2)} kB)`);
console.log(`@justoneapi/sdk/core ESM (with documentedOperations and the code table): ${kb(core)}`);
