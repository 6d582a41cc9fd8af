// End to end in n8n's queue mode: Postgres, Redis, an n8n 2.40 main and two workers (Node 24), the packed
// node installed as a community package, a Webhook -> Xiaohongshu -> Respond workflow published, then 40
// webhook calls at once against the sandbox limited to RATE requests per second. Asserts that every
// execution succeeded on a worker, every keyword got all its rows, every request the sandbox saw is a
// page or a retry after a 302, the token is nowhere in Redis, Postgres or any log, and every process
// started is stopped. Then the same burst again with the node paced at the recommended setting (Options
// > Max Requests per Second = RATE ÷ WORKERS): every row, and at most half the unpaced burst's 302s (and
// at most one per 4 pages). Usage: node e2e.mjs
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { allLogs, processesUsing, startStack, userFolderText } from './stack.mjs';
import {
  USERS,
  WORKFLOW_ID,
  WEBHOOK_PATH,
  credential,
  expectedIds,
  fire,
  jsonLines,
  keywords,
  pagesPerKeyword,
  rateUsed,
  sandbox as startRateLimitedSandbox,
  variant,
  workflow,
} from './scenario.mjs';

const KEYWORDS = 40;
const LIMIT = 40; // two pages of 20 per keyword
const RATE = 10; // requests per second the sandbox allows: half the executions in flight (see the README)
const WORKERS = 2;
const CONCURRENCY = 10; // per worker
const PACED = variant('pace'); // the same workflow with Max Requests per Second = RATE ÷ WORKERS
const TOKEN = `tok-queue-e2e-${Math.random().toString(36).slice(2, 10)}`;

const results = [];
function check(name, fn) {
  try {
    fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push({ name, ok: false, problem: e.message });
    console.log(`FAIL ${name}: ${e.message.split('\n').slice(0, 6).join('\n     ')}`);
  }
}

const started = Date.now();
const sandbox = await startRateLimitedSandbox({ token: TOKEN, rate: RATE, latencyMs: 50 });
let stack;
let keep = false;
try {
  stack = await startStack({
    credentials: credential(TOKEN, sandbox.url),
    workflows: [workflow(LIMIT), workflow(LIMIT, { ...PACED, perSecond: RATE / WORKERS })],
  });
  for (let i = 0; i < WORKERS; i++) await stack.startWorker(CONCURRENCY);
  console.log(
    `queue stack ready: Postgres :${stack.pg.port}, Redis :${stack.redis.port}, n8n ${stack.host.n8n.match(/n8n-([\d.]+)/)?.[1]} main + ${WORKERS} workers (concurrency ${CONCURRENCY}), node ${stack.nodeVersion}; sandbox ${RATE} req/s`,
  );
  sandbox.stats.reset();
  sandbox.rateLimit.reset();

  const words = keywords(KEYWORDS, 'e2e');
  const fired = Date.now();
  const answers = await fire(stack.webhookUrl(WEBHOOK_PATH), words);
  const burstMs = Date.now() - fired;
  const requests = [...sandbox.stats.requests];
  const used = rateUsed(requests, RATE);
  console.log(
    `${KEYWORDS} webhook calls answered in ${(burstMs / 1000).toFixed(1)} s; sandbox: ${used.allowed} allowed, ${used.limited} limited (302); rate used ${(used.ratio * 100).toFixed(0)} %`,
  );
  // Let the workers report back and n8n write the last executions.
  await new Promise((r) => setTimeout(r, 2000));

  check('every webhook call answered 200 with the keyword’s rows, complete and in order', () => {
    for (const a of answers) {
      assert.equal(a.status, 200, `${a.keyword}: HTTP ${a.status} ${a.error ?? a.text.slice(0, 300)}`);
      assert.ok(Array.isArray(a.body), `${a.keyword}: not a JSON array: ${a.text.slice(0, 200)}`);
      assert.deepEqual(
        a.body.map((u) => u.id),
        expectedIds(a.keyword, LIMIT),
        `${a.keyword}: rows differ`,
      );
      assert.ok(a.body.every((u) => typeof u.name === 'string' && 'followers' in u));
    }
  });

  const executions = stack.pg
    .psql(
      `SELECT id, status, finished, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' ORDER BY id`,
    )
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, status, finished, mode] = l.split('|');
      return { id, status, finished, mode };
    });
  check(`Postgres: ${KEYWORDS} webhook executions, every one "success"`, () => {
    assert.equal(executions.length, KEYWORDS, JSON.stringify(executions.slice(0, 5)));
    for (const e of executions) assert.deepEqual([e.status, e.finished, e.mode], ['success', 't', 'webhook']);
  });

  check('every execution ran on a worker, never on the main', () => {
    const startedOn = new Map();
    for (const w of stack.workers)
      for (const line of jsonLines(w.output())) {
        const m = /^Worker started execution (\d+)/.exec(line.message ?? '');
        if (m) startedOn.set(m[1], [...(startedOn.get(m[1]) ?? []), w.name]);
      }
    for (const e of executions)
      assert.deepEqual(
        startedOn.get(e.id)?.length,
        1,
        `execution ${e.id}: started on ${startedOn.get(e.id)}`,
      );
    const main = jsonLines(stack.main.output());
    assert.ok(!main.some((l) => /^Worker started execution/.test(l.message ?? '')), 'the main ran a job');
    // The main enqueued each one and heard back from a worker (its hostId "worker-…"), with success.
    const finished = main.filter((l) => /^Execution \d+ \(job \d+\) finished$/.test(l.message ?? ''));
    for (const e of executions) {
      const f = finished.find((l) => String(l.executionId ?? l.metadata?.executionId) === e.id);
      assert.ok(f, `main has no "finished" report for execution ${e.id}`);
      const meta = f.metadata ?? f;
      assert.match(String(meta.workerId), /^worker-/, `execution ${e.id}: workerId ${meta.workerId}`);
      assert.equal(meta.success, true);
    }
    const perWorker = stack.workers.map((w) => [...startedOn.values()].filter((v) => v[0] === w.name).length);
    console.log(`     executions per worker: ${perWorker.join(' + ')}`);
    assert.ok(
      perWorker.every((n) => n > 0),
      `a worker ran nothing: ${perWorker}`,
    );
  });

  check(
    'the sandbox saw each page once, plus exactly one retry per 302 (and the workers logged each retry)',
    () => {
      const pages = pagesPerKeyword(LIMIT);
      assert.ok(requests.every((r) => r.path === USERS && r.token === TOKEN && !r.clientAborted));
      assert.ok(
        requests.every((r) => r.code === 0 || r.code === 302),
        'only answers and rate limits',
      );
      const byPage = new Map();
      for (const r of requests) {
        const key = `${r.query.keyword}#${r.query.page}`;
        byPage.set(key, [...(byPage.get(key) ?? []), r.code]);
      }
      assert.equal(byPage.size, KEYWORDS * pages, 'one page key per keyword and page');
      for (const w of words)
        for (let p = 1; p <= pages; p++) {
          const codes = byPage.get(`${w}#${p}`);
          assert.ok(codes, `${w} page ${p} never requested`);
          // Every attempt but the last was a 302: a request only follows a 302, and stops at the answer.
          assert.deepEqual(codes, [...codes.slice(0, -1).map(() => 302), 0], `${w} page ${p}: ${codes}`);
        }
      const most = Math.max(...[...byPage.values()].map((c) => c.length - 1));
      console.log(`     most 302s before one page got through: ${most} (the node's Max Retries is 5)`);
      assert.equal(used.allowed, KEYWORDS * pages);
      assert.deepEqual(sandbox.rateLimit.counts(), { allowed: used.allowed, limited: used.limited });
      const retries = stack.workers
        .flatMap((w) => jsonLines(w.output()))
        .filter((l) => /^Just One API rate limit exceeded: retry \d+ of 5 in \d+ ms/.test(l.message ?? ''));
      assert.equal(retries.length, used.limited, 'one logged retry per 302');
      assert.ok(used.limited > 0, 'the limit was reached (otherwise this proves nothing)');
    },
  );

  // The recommended setting: each worker paces itself at RATE ÷ WORKERS.
  await new Promise((r) => setTimeout(r, 1500)); // an empty rate window
  sandbox.stats.reset();
  sandbox.rateLimit.reset();
  const pacedWords = keywords(KEYWORDS, 'paced');
  const pacedAnswers = await fire(stack.webhookUrl(PACED.path), pacedWords);
  const paced = rateUsed([...sandbox.stats.requests], RATE);
  console.log(
    `paced (Max Requests per Second ${RATE / WORKERS} on each of ${WORKERS} workers): ${paced.allowed} allowed, ${paced.limited} limited (302); rate used ${(paced.ratio * 100).toFixed(0)} %`,
  );
  await new Promise((r) => setTimeout(r, 2000));
  check('paced at rate ÷ workers: every row arrives, and the sandbox refused far fewer requests', () => {
    for (const a of pacedAnswers) {
      assert.equal(a.status, 200, `${a.keyword}: HTTP ${a.status} ${a.error ?? a.text.slice(0, 300)}`);
      assert.deepEqual(
        a.body.map((u) => u.id),
        expectedIds(a.keyword, LIMIT),
      );
    }
    assert.equal(paced.allowed, KEYWORDS * pagesPerKeyword(LIMIT));
    // Unpaced, the same burst met about one 302 per page; paced, far fewer: each worker keeps its share of
    // the rate when the requests leave, and only arrival jitter on a loaded machine still makes some.
    assert.ok(
      paced.limited <= 0.25 * paced.allowed && paced.limited * 2 <= used.limited,
      `${paced.limited} × 302 paced, ${used.limited} unpaced`,
    );
    const rows = stack.pg.psql(
      `SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${PACED.id}' GROUP BY status`,
    );
    assert.equal(rows.trim(), `success|${KEYWORDS}`);
  });

  // Everything n8n and its services hold or wrote, scanned for the token.
  const redisDump = stack.redis.dump();
  const pgDump = stack.pg.dump();
  check('Postgres (pg_dump, execution data included) holds the run but not the token', () => {
    assert.match(pgDump, /execution_data/);
    assert.ok(pgDump.includes(expectedIds(words[0], LIMIT)[0]), 'the execution data is in the dump');
    assert.ok(!pgDump.includes(TOKEN), 'the token is in Postgres');
  });
  check('Redis (every key, and every command n8n sent it) has no token', () => {
    assert.ok(!redisDump.includes(TOKEN), 'the token is in a Redis key');
    const monitor = allLogs(stack).find((l) => l.file === 'redis-monitor.log')?.text ?? '';
    assert.match(monitor, /bull/, 'the monitor recorded the queue');
    assert.ok(!monitor.includes(TOKEN), 'the token went through Redis');
  });
  check('no log has the token (n8n main, workers, CLI, Postgres, Redis, the sandbox’s own)', () => {
    const logs = [...allLogs(stack), { file: 'sandbox', text: sandbox.logLines.join('\n') }];
    assert.ok(logs.some((l) => l.file === 'n8n-worker-1.log' && l.text.length > 0));
    for (const l of logs) assert.ok(!l.text.includes(TOKEN), `the token is in ${l.file}`);
    for (const f of userFolderText(stack)) assert.ok(!f.text.includes(TOKEN), `the token is in ${f.file}`);
  });
} catch (e) {
  results.push({ name: 'setup', ok: false, problem: e.message });
  console.log(`FAIL setup: ${e.message}`);
  keep = true;
} finally {
  if (stack) {
    const running = processesUsing(stack.dir).length; // n8n main, workers, Postgres (Redis renames itself)
    await stack.stop();
    check('every process started (n8n main, workers, CLI runs, Postgres, Redis) is stopped', () => {
      assert.deepEqual(stack.survivors, []);
      // Also what they spawned outside their process groups, found by the stack's folder in /proc.
      assert.ok(running >= 2 + WORKERS, `only ${running} processes of the stack found while it ran`);
      assert.deepEqual(processesUsing(stack.dir), []);
      assert.ok(stack.procs.list.length >= 7, `${stack.procs.list.length} processes tracked`);
    });
    // The logs are written in full only once the processes are gone: scan them again.
    check('no log has the token after shutdown', () => {
      for (const l of allLogs(stack)) assert.ok(!l.text.includes(TOKEN), `the token is in ${l.file}`);
    });
    const t = stack.timings;
    console.log(
      `timings: n8n install ${(t.n8nInstallMs / 1000).toFixed(1)} s, system packages ${(t.systemPackages.ms / 1000).toFixed(1)} s, Postgres ${(t.postgresMs / 1000).toFixed(1)} s, Redis ${(t.redisMs / 1000).toFixed(1)} s, pack+install node ${(t.installNodeMs / 1000).toFixed(1)} s, import+publish ${(t.importMs / 1000).toFixed(1)} s, main ${(t.mainStartMs / 1000).toFixed(1)} s, workers ${(t.worker1StartMs / 1000).toFixed(1)}/${((t.worker2StartMs ?? 0) / 1000).toFixed(1)} s`,
    );
    if (results.some((r) => !r.ok)) keep = true;
    if (keep) console.log(`logs kept in ${stack.logDir}`);
    else rmSync(stack.dir, { recursive: true, force: true });
  }
  await sandbox.close();
}
const failed = results.filter((r) => !r.ok).length;
console.log(
  `\nn8n queue-mode e2e: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
process.exit(failed ? 1 : 0);
