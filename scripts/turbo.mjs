#!/usr/bin/env node
// Runs the workspace's turbo with telemetry off (no data sent, no telemetry banner), on any OS:
// every root script calls turbo through this file. Turbo looks for the package manager's binary on
// PATH: under `pnpm run` it is there, so turbo runs directly; under `npm run` it goes through
// `npx pnpm exec`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const args = process.argv.slice(2);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this launcher only, before turbo starts
const underPnpm = (process.env.npm_config_user_agent ?? '').startsWith('pnpm/');
const result = underPnpm
  ? spawnSync(process.execPath, [createRequire(import.meta.url).resolve('turbo/bin/turbo'), ...args], {
      stdio: 'inherit',
      env,
    })
  : spawnSync('npx', ['-y', 'pnpm@10.34.9', 'exec', 'turbo', ...args], {
      stdio: 'inherit',
      shell: process.platform === 'win32', // npx is npx.cmd there
      cwd: new URL('..', import.meta.url),
      env,
    });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
