#!/usr/bin/env node
// Client overhead per call, without a network: every variant calls the same injected fetch, which answers at
// once with the same body, so what differs is only what sits between the caller and fetch.
//  - raw fetch: what a hand-written call does (URL with the query, fetch, JSON, check the code)
//  - openapi-fetch alone: the transport the SDK uses, created as the SDK creates it
//  - SDK: client.xiaohongshu.searchUsers (validation, URL, timeout, envelope, ledger)
// Warmed up, then many calls in alternating blocks; the median of the blocks' per-call averages.
import createFetchClient from 'openapi-fetch';
import { createClient } from '../dist/index.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 60);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 500);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const body = JSON.stringify({
  code: 0,
  data: { users: [{ id: 'a'.repeat(24), name: 'x' }] },
  message: null,
  recordTime: null,
  requestId: 'r',
});
const headers = { 'content-type': 'application/json' };
const fakeFetch = async () => new Response(body, { status: 200, headers });
const baseUrl = 'http://bench.invalid';
const token = 'sandbox';

const raw = async (page) => {
  const url = `${baseUrl}/api/xiaohongshu/search-user/v2?token=${encodeURIComponent(token)}&keyword=${encodeURIComponent('咖啡')}&page=${page}`;
  const res = await fakeFetch(url);
  const json = JSON.parse(await res.text());
  if (json.code !== 0) throw new Error(`code ${json.code}`);
  return json;
};
const http = createFetchClient({ baseUrl, fetch: (request) => fakeFetch(request) });
const openapiFetch = async (page) => {
  const { data } = await http.GET('/api/xiaohongshu/search-user/v2', {
    params: { query: { token, keyword: '咖啡', page } },
  });
  if (data.code !== 0) throw new Error(`code ${data.code}`);
  return data;
};
const client = createClient({ token, baseUrl, fetch: fakeFetch });
const sdk = (page) => client.xiaohongshu.searchUsers({ keyword: '咖啡', page });

const variants = [
  ['raw fetch', raw],
  ['openapi-fetch alone', openapiFetch],
  ['SDK', sdk],
];
for (let i = 0; i < 3000; i++) for (const [, fn] of variants) await fn(1 + (i % 5)); // warm-up (JIT)
const perCall = variants.map(() => []);
for (let b = 0; b < BLOCKS * variants.length; b++) {
  const v = b % variants.length;
  const fn = variants[v][1];
  const t0 = performance.now();
  for (let i = 0; i < BLOCK; i++) await fn(1 + (i % 5));
  perCall[v].push(((performance.now() - t0) * 1000) / BLOCK);
}
const [r, o, s] = perCall.map(median);
console.log(
  `injected fetch, ${BLOCKS} blocks of ${BLOCK} calls each, median µs per call: raw fetch ${r.toFixed(1)}, openapi-fetch alone ${o.toFixed(1)}, SDK ${s.toFixed(1)}`,
);
console.log(
  `  client overhead over raw fetch: ${(s - r).toFixed(1)} µs per call (target <= 30), SDK / raw fetch ${(s / r).toFixed(2)}; of it openapi-fetch ${(o - r).toFixed(1)} µs, ours ${(s - o).toFixed(1)} µs`,
);
