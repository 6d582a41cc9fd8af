#!/usr/bin/env node
// The run engine's overhead per page, beside raw fetch in the same run (printed, never asserted):
//  1. injected answers (no network): a hand-written paging loop (URL, JSON, code check, items, next page)
//     vs the engine (validation, request building, envelope, retry bookkeeping, ledger, pager, de-dup)
//     driven by runAsync, both over the same function that answers at once;
//  2. loopback: pages of xiaohongshu.searchUsers from the sandbox, raw fetch vs the engine over fetch.
// Warmed up, alternating blocks, medians of per-page averages.
import { startSandbox } from '../../sandbox/dist/index.js';
import { createRun, findOperation, runAsync } from '../dist/core.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 20);
const PAGES = Number(process.env.BENCH_PAGES ?? 50);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const op = findOperation('xiaohongshu.searchUsers');
const keyword = '咖啡';

/** A page of 20 users whose ids are unique to the page, so the pager never ends the run early. */
const pageBody = (page) =>
  JSON.stringify({
    code: 0,
    data: {
      users: Array.from({ length: 20 }, (_, i) => ({ id: `${page}-${i}`, name: 'x' })),
      has_more: true,
    },
    message: null,
    recordTime: null,
  });
const bodies = Array.from({ length: PAGES + 1 }, (_, p) => pageBody(p));
const answer = async (url) => {
  const page = Number(new URL(url).searchParams.get('page'));
  return { status: 200, body: bodies[page], headers: { 'content-type': 'application/json' } };
};

function raw(baseUrl, get) {
  return async () => {
    let items = 0;
    for (let page = 1; page <= PAGES; page++) {
      const url = `${baseUrl}/api/xiaohongshu/search-user/v2?token=sandbox&keyword=${encodeURIComponent(keyword)}&page=${page}`;
      const json = JSON.parse((await get(url)).body);
      if (json.code !== 0) throw new Error(`code ${json.code}`);
      items += json.data.users.length;
      if (!json.data.has_more) break;
    }
    return items;
  };
}

function engine(baseUrl, get) {
  return async () => {
    const run = createRun(op, { keyword }, { baseUrl, token: 'sandbox', maxPages: PAGES });
    let items = 0;
    for await (const page of runAsync(run, { send: (req) => get(req.url), sleep: async () => {} }))
      items += page.items.length;
    return items;
  };
}

async function measure(label, variants) {
  for (let i = 0; i < 3; i++) for (const [, fn] of variants) await fn(); // warm-up (JIT, sockets)
  const perPage = variants.map(() => []);
  for (let b = 0; b < BLOCKS * variants.length; b++) {
    const v = b % variants.length;
    const t0 = performance.now();
    const items = await variants[v][1]();
    perPage[v].push(((performance.now() - t0) * 1000) / (items / 20));
  }
  const [r, e] = perPage.map(median);
  console.log(
    `engine, ${label}, ${BLOCKS} runs of ${PAGES} pages each, median µs per page: raw fetch loop ${r.toFixed(1)}, engine ${e.toFixed(1)}`,
  );
  console.log(`  engine overhead per page: ${(e - r).toFixed(1)} µs; engine / raw: ${(e / r).toFixed(2)}`);
}

const base = 'http://bench.invalid';
await measure('injected answers', [
  ['raw', raw(base, answer)],
  ['engine', engine(base, answer)],
]);

const sandbox = await startSandbox({ userPages: PAGES });
try {
  const get = async (url) => {
    const res = await fetch(url);
    return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
  };
  await measure('loopback sandbox', [
    ['raw', raw(sandbox.url, get)],
    ['engine', engine(sandbox.url, get)],
  ]);
} finally {
  await sandbox.close();
}
