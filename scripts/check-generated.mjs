#!/usr/bin/env node
// Fails when any checked-in generated file is stale, before any build rewrites it (`test:all` runs it
// first): the SDK's generated code and docs/operations.md (regenerated into a scratch folder and compared
// file by file), and the n8n package's checked-in output (its package.json node list and released
// snapshots: `tools/generate.mjs --check`; the current snapshots and node classes are build output).
// Under CI it also requires them committed (git diff + no untracked output).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Each target is a folder or a file the generator writes, and the flag that redirects it.
const targets = [
  { dir: 'packages/sdk/src/generated', flag: '--out' },
  { dir: 'docs/operations.md', flag: '--docs' },
];
const scratch = mkdtempSync(join(tmpdir(), 'jo-generated-'));
const walk = (d) =>
  !existsSync(d)
    ? []
    : statSync(d).isFile()
      ? [d]
      : readdirSync(d, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
        );
const problems = [];
try {
  const args = ['scripts/generate.mjs', '--specs', 'specs'];
  targets.forEach((t, i) => args.push(t.flag, join(scratch, String(i))));
  execFileSync(process.execPath, args, { cwd: root, stdio: 'pipe' });
  targets.forEach((t, i) => {
    const fresh = join(scratch, String(i));
    const have = join(root, t.dir);
    const a = walk(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const b = walk(have)
      .map((f) => relative(have, f))
      .sort();
    const read = (base, f) => (existsSync(join(base, f)) ? readFileSync(join(base, f), 'utf8') : undefined);
    for (const f of new Set([...a, ...b])) {
      const x = read(fresh, f);
      const y = read(have, f);
      if (x !== y)
        problems.push(
          `${t.dir}/${f}: ${y === undefined ? 'missing' : x === undefined ? 'no longer generated' : 'stale'}`,
        );
    }
  });
  const n8n = spawnSync(process.execPath, ['packages/n8n-nodes-justoneapi/tools/generate.mjs', '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (n8n.status !== 0) problems.push(`n8n nodes: ${(n8n.stderr || n8n.stdout).trim()}`);
  if (process.env.CI) {
    const dirs = [
      ...targets.map((t) => t.dir),
      'packages/n8n-nodes-justoneapi/package.json',
      'packages/n8n-nodes-justoneapi/nodes/released',
    ];
    const status = execFileSync('git', ['status', '--porcelain', '--', ...dirs], { cwd: root })
      .toString()
      .trim();
    if (status) problems.push(`generated files not committed:\n${status}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (problems.length) {
  console.error(
    `Generated code is out of date with specs/:\n  ${problems.join('\n  ')}\nRun \`pnpm generate\` and commit the result.`,
  );
  process.exit(1);
}
console.log('generated code is up to date with specs/');
