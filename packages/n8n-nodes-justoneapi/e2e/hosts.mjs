// Installs real n8n runtimes (and Node 24 for the newest) into the git-ignored <repo>/.cache, once.
// Usage: node e2e/hosts.mjs [2.4.8 2.40.7]   (prints the resolved paths as JSON)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { CACHE, nodeBinary } from '../../../scripts/e2e-cache.mjs';
import { fileURLToPath } from 'node:url';

export { CACHE };

/**
 * The n8n versions covered: the last 1.x line (still widely run; on Node 20 its expressions need the
 * legacy engine, its isolate pool fails there), the oldest 2.x that runs on Node 20, and the newest
 * that installs here (Node 24).
 */
export const N8N_HOSTS = [
  { version: '1.123.81', node: 20, env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
  { version: '2.4.8', node: 20 },
  { version: '2.40.7', node: 24 },
];

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

/** Installs n8n@version for a Node major into .cache/n8n-<version>; returns { node, n8n } paths. */
export function installN8n({ version, node: major }) {
  const node = nodeBinary(major);
  const dir = join(CACHE, `n8n-${version}`);
  const n8n = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  const done = join(dir, '.installed');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    // xlsx: n8n-nodes-base otherwise fetches it from a CDN this machine cannot reach.
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        { private: true, dependencies: { n8n: version }, overrides: { xlsx: '0.18.5' } },
        null,
        2,
      ),
    );
    const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
    // Install scripts download sources or prebuilt binaries (unreachable here): skip them, then build sqlite3 from source.
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env,
    });
    const sqlite = join(dir, 'node_modules', 'sqlite3');
    if (existsSync(sqlite)) {
      const nodedir = dirname(dirname(node)); // the node package ships include/node for node-gyp
      const headers = existsSync(join(nodedir, 'include', 'node')) ? nodedir : '/usr';
      run(
        'npx',
        [
          '-y',
          'node-gyp@11',
          'rebuild',
          '-j',
          'max',
          `--nodedir=${major === Number(process.versions.node.split('.')[0]) ? '/usr' : headers}`,
        ],
        { cwd: sqlite, env },
      );
    }
    writeFileSync(done, new Date().toISOString());
  }
  return { node, n8n, dir };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const hosts = wanted.length ? N8N_HOSTS.filter((h) => wanted.includes(h.version)) : N8N_HOSTS;
  console.log(JSON.stringify(hosts.map(installN8n), null, 2));
}
