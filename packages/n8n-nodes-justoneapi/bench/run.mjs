// 100 input items, concurrency 5, against the sandbox with 50 ms latency, through the node's real
// execute() in a workflow run by n8n-core's WorkflowExecute (test/harness.ts). Prints elapsed / ideal,
// where ideal = ceil(100 / 5) * 50 ms (target <= 1.2), next to raw fetch with the same concurrency in
// the same process, as the floor this machine allows.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

// The test harness (n8n-core's ExecuteContext around the node), compiled to CommonJS like n8n loads nodes.
const dir = join('node_modules', '.cache', 'jo-bench'); // inside the package, so its dependencies resolve
mkdirSync(dir, { recursive: true });
const outfile = join(dir, 'harness.cjs');
await build({
  entryPoints: ['test/harness.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  outfile,
  logLevel: 'silent',
});
const { runNode } = createRequire(import.meta.url)(join(process.cwd(), outfile));

const N = 100;
const C = 5;
const LATENCY = 50;
const RUNS = 3; // each measured RUNS times after a full warm-up run; the median is reported
const ideal = Math.ceil(N / C) * LATENCY;
// The sandbox runs in its own process, as the real API is remote: its CPU time is not n8n's.
const sandbox = await new Promise((resolve, reject) => {
  const child = spawn(
    process.execPath,
    [
      join(
        createRequire(import.meta.url).resolve('@justoneapi/sandbox/package.json'),
        '..',
        'dist',
        'cli.cjs',
      ),
      '--port',
      '0',
      '--latency',
      String(LATENCY),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  child.on('error', reject);
  child.stdout.on('data', (chunk) => {
    const url = /http:\/\/[\d.]+:\d+/.exec(String(chunk))?.[0];
    if (url)
      resolve({
        url,
        close: async () => {
          child.kill();
        },
      });
  });
});
const credentials = { token: 'sandbox', environment: 'custom', baseUrl: sandbox.url };
const items = Array.from({ length: N }, (_, i) => ({ json: { kw: `kw${i}` } }));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(label, once) {
  await once(); // warm-up (JIT, sockets, n8n's expression engine)
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms  elapsed/ideal ${(ms / ideal).toFixed(2)}   (runs: ${times.map((t) => (t / ideal).toFixed(2)).join(', ')})`,
  );
}
try {
  await measure('raw fetch, pool of 5 (floor)', async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) {
          const i = next++;
          await (
            await fetch(`${sandbox.url}/api/xiaohongshu/search-user/v2?token=sandbox&keyword=kw${i}&page=1`)
          ).json();
        }
      }),
    );
  });
  for (const [label, keyword] of [
    ['node, keyword expression {{ $json.kw }}', '={{ $json.kw }}'],
    ['node, fixed keyword', 'coffee'],
  ]) {
    const parameters = {
      resource: 'user',
      operation: 'search',
      keyword,
      returnAll: false,
      limit: 5,
      simplify: true,
      options: { concurrency: C },
    };
    await measure(`v1 ${label}`, async () => {
      const out = await runNode({ parameters, credentials, items });
      if (out.length !== N * 5) throw new Error(`expected ${N * 5} items, got ${out.length}`);
    });
    // v2: Options > Batching (C items per batch, no interval) instead of the v1 pool.
    const v2 = {
      operation: 'searchUsers',
      keyword,
      limit: 5,
      options: { batching: { batch: { batchSize: C, batchInterval: 0 } } },
    };
    await measure(`v2 ${label}`, async () => {
      const out = await runNode({ parameters: v2, credentials, items, typeVersion: 2 });
      if (out.length !== N * 5) throw new Error(`expected ${N * 5} items, got ${out.length}`);
    });
  }
  console.log(
    `(${N} input items, concurrency ${C}, ${LATENCY} ms sandbox latency, ideal ${ideal} ms; target <= 1.2)`,
  );
} finally {
  await sandbox.close();
}

// Sizes: dist/ and the node descriptions n8n sends to the editor, against the budgets the test enforces.
const { measure: sizes } = await import('../tools/size.mjs');
const m = sizes();
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(
  `dist/ ${kb(m.dist)} (${kb(m.distGzip)} gzip; budget ${kb(m.budget.dist)}); editor descriptions ${kb(m.editor)} (${kb(m.editorGzip)} gzip; budget ${kb(m.budget.editor)}) for ${m.versions} node versions, ${m.operations} offered operations: ${kb(m.editor / Math.max(1, m.operations))} per operation`,
);
