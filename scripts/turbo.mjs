#!/usr/bin/env node
// Runs the workspace's turbo with telemetry off (no data sent, no telemetry banner), on any OS:
// every root script calls turbo through this file. Through `pnpm exec`, because turbo looks for the
// package manager's binary on PATH.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['-y', 'pnpm@10.34.9', 'exec', 'turbo', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32', // npx is npx.cmd there
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
