// Throughput of n8n in queue mode against a rate-limited API, with one worker and then two: a burst of
// webhook calls (one keyword each, several pages per keyword) against the sandbox limited to RATE
// requests per second per token, once with the node paced at the recommended setting (Options > Max
// Requests per Second = RATE ÷ workers) and once unpaced. Prints the share of the allowed rate used
// (requests let through ÷ the most the limit allowed in the same span, see rateUsed in scenario.mjs), the
// 302s and the rows lost, and the machine's load average. Not a test: it asserts nothing about time.
// Usage: node bench.mjs [keywords=60] [limit=60] [concurrency per worker=10] [rate=5] [modes=paced,unpaced]
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startStack } from './stack.mjs';
import {
  WEBHOOK_PATH,
  credential,
  expectedIds,
  fire,
  keywords,
  pagesPerKeyword,
  rateUsed,
  sandbox as startRateLimitedSandbox,
  variant,
  workflow,
} from './scenario.mjs';

const KEYWORDS = Number(process.argv[2] ?? 60);
const LIMIT = Number(process.argv[3] ?? 60);
const RATE = Number(process.argv[5] ?? 5);
const MODES = (process.argv[6] ?? 'paced,unpaced').split(',');
const LATENCY = 200; // the real API answers in hundreds of ms
const CONCURRENCY = Number(process.argv[4] ?? 10); // per worker (n8n worker --concurrency; 10 is its default)
const TOKEN = `tok-queue-bench-${Math.random().toString(36).slice(2, 10)}`;

const sandbox = await startRateLimitedSandbox({ token: TOKEN, rate: RATE, latencyMs: LATENCY });
let stack;
const rows = [];
try {
  // One workflow per setting: unpaced, and paced at RATE ÷ workers for one and for two workers.
  const setups = { unpaced: { path: WEBHOOK_PATH } };
  const flows = [workflow(LIMIT)];
  for (const workers of [1, 2]) {
    const v = variant(`pw0${workers}`);
    setups[`paced${workers}`] = { path: v.path, perSecond: RATE / workers };
    flows.push(workflow(LIMIT, { ...v, perSecond: RATE / workers }));
  }
  stack = await startStack({ credentials: credential(TOKEN, sandbox.url), workflows: flows });
  for (const [workers, mode] of [1, 2].flatMap((w) => MODES.map((m) => [w, m]))) {
    const setup = mode === 'paced' ? setups[`paced${workers}`] : setups.unpaced;
    while (stack.workers.length < workers) await stack.startWorker(CONCURRENCY);
    await new Promise((r) => setTimeout(r, 1500)); // an empty rate window
    sandbox.stats.reset();
    sandbox.rateLimit.reset();
    const words = keywords(KEYWORDS, `bench${workers}${mode}`);
    const load = loadavg()[0];
    const t = Date.now();
    const answers = await fire(stack.webhookUrl(setup.path), words);
    const seconds = (Date.now() - t) / 1000;
    const loadAfter = loadavg()[0];
    const used = rateUsed(sandbox.stats.requests, RATE);
    const tries = new Map();
    for (const q of sandbox.stats.requests) {
      const key = `${q.query.keyword}#${q.query.page}`;
      tries.set(key, (tries.get(key) ?? 0) + 1);
    }
    const most302 = Math.max(...tries.values()) - 1;
    let lost = 0;
    for (const a of answers) {
      const want = expectedIds(a.keyword, LIMIT);
      const got = new Set(Array.isArray(a.body) ? a.body.map((u) => u.id) : []);
      lost += want.filter((id) => !got.has(id)).length;
    }
    // Allowed requests per second of the run, to show the ramp-up and the tail.
    const first = Math.min(...sandbox.stats.requests.map((r) => r.at));
    const perSecond = [];
    for (const r of sandbox.stats.requests.filter((q) => q.code === 0))
      perSecond[Math.floor((r.at - first) / 1000)] = (perSecond[Math.floor((r.at - first) / 1000)] ?? 0) + 1;
    rows.push({
      workers,
      mode,
      pace: setup.perSecond,
      load: `${load.toFixed(1)}/${loadAfter.toFixed(1)}`,
      chains: workers * CONCURRENCY,
      requests: KEYWORDS * pagesPerKeyword(LIMIT),
      ...used,
      lost,
      most302,
      failedCalls: answers.filter((a) => a.status !== 200).length,
      seconds,
      perSecond: Array.from(perSecond, (n) => n ?? 0).join(' '),
    });
    const r = rows.at(-1);
    console.log(
      `${workers} worker(s) × concurrency ${CONCURRENCY}, ${mode}${r.pace ? ` (Max Requests per Second ${r.pace})` : ''}: ${r.allowed}/${r.requests} pages in ${r.seconds.toFixed(1)} s, ${r.limited} × 302; rate used ${(r.ratio * 100).toFixed(1)} % of ${RATE}/s (${(r.ratioFirst80 * 100).toFixed(1)} % until 80 % of the pages were in); rows lost ${r.lost}; failed calls ${r.failedCalls}; most 302s for one page ${r.most302}; load average ${r.load} (before/after)\n  allowed per second: ${r.perSecond}`,
    );
  }
} finally {
  if (stack) {
    await stack.stop();
    if (stack.survivors.length) console.log(`processes left running: ${stack.survivors.join(', ')}`);
    else rmSync(stack.dir, { recursive: true, force: true });
  }
  await sandbox.close();
}
console.log(
  `\nn8n queue mode vs a ${RATE}/s rate limit (${KEYWORDS} webhook calls × ${pagesPerKeyword(LIMIT)} pages, ${LATENCY} ms latency, node Max Retries 5):`,
);
for (const r of rows)
  console.log(
    `  ${r.workers} worker(s), ${r.mode}${r.pace ? ` at ${r.pace}/s per worker` : ''}: ${(r.ratio * 100).toFixed(1)} % of the allowed rate over the whole burst, ${(r.ratioFirst80 * 100).toFixed(1)} % until 80 % of the pages were in; ${r.limited} × 302; ${r.lost} rows lost; failed calls ${r.failedCalls}; load average ${r.load}`,
  );
console.log(`  (${new Date().toISOString()}, ${process.argv.slice(2).join(' ') || 'defaults'})`);
