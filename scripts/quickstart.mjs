#!/usr/bin/env node
// `npm run quickstart`: installs only what the CLI demo needs (the CLI, the SDK, the sandbox and the
// build tools, not n8n or Node-RED), builds only those (no turbo, no type declarations), then prints
// a table of users. Each step's own output is shown only when it fails. Arguments are passed to
// `pnpm install`.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url);
const started = Date.now();
const win = process.platform === 'win32';

function step(title, command, args) {
  process.stderr.write(`${title} ... `);
  const t = Date.now();
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    shell: win, // npx is npx.cmd on Windows
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (r.status !== 0) {
    process.stderr.write(`failed:\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\n`);
    process.exit(r.status || 1);
  }
  process.stderr.write(`done (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
}

step('Installing @justoneapi/cli and what it needs (from the lockfile)', 'npx', [
  '-y',
  'pnpm@10.34.9',
  'install',
  '--frozen-lockfile',
  '--filter',
  '@justoneapi/cli...',
  ...process.argv.slice(2), // e.g. --store-dir /tmp/empty-store, to measure a cold install
]);
// JavaScript only: the demo needs no type declarations, and they are most of the build time
// (`npm run build` / `npm test` build everything, declarations included).
step('Building the SDK, the sandbox and the CLI (JavaScript only)', 'npx', [
  '-y',
  'pnpm@10.34.9',
  '--filter',
  '@justoneapi/cli...',
  'run',
  'build',
  '--no-dts',
]);
process.stderr.write(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. The demo:\n\n`);
process.stderr.write('$ justoneapi xhs users 咖啡 --pages 2 --format table\n');
const demo = spawnSync(
  process.execPath,
  ['packages/cli/dist/cli.cjs', 'xhs', 'users', '咖啡', '--pages', '2', '--format', 'table'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(demo.status ?? 1);
