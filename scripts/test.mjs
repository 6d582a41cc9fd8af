#!/usr/bin/env node
// `npm test`: installs from the lockfile, then runs `test:all` (lint, generated-code check, build,
// typecheck, every package's suite, the repository checks), shows its output as it comes, and ends
// with ONE line totalling every suite (scripts/test-summary.mjs, also used by .ci/run).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url);
const win = process.platform === 'win32';
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(args) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['-y', 'pnpm@10.34.9', ...args], { cwd: root, env, shell: win });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      log += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, log }));
  });
}

let { code, log } = await run(['install', '--frozen-lockfile']);
if (code === 0) {
  const all = await run(['run', 'test:all']);
  code = all.code;
  log += all.log;
}
const dir = mkdtempSync(join(tmpdir(), 'jo-test-'));
writeFileSync(join(dir, 'log'), log);
const summary = spawnSync(
  process.execPath,
  [new URL('test-summary.mjs', import.meta.url).pathname, join(dir, 'log')],
  {
    encoding: 'utf8',
  },
);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(summary.stdout);
process.exit(code);
