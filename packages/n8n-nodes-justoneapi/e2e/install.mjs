// What every e2e script needs before n8n starts: a free local port, and this package packed and
// installed where n8n's community-package installer puts it (<user folder>/.n8n/nodes).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Packs this package (`pnpm pack`, as published) and installs the tarball's content into the user folder. */
export function packInto(userFolder) {
  const scratch = mkdtempSync(join(tmpdir(), 'jo-n8n-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: pkgDir, stdio: 'pipe' });
  const tgz = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', join(scratch, tgz), '-C', scratch]);
  const target = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-justoneapi');
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(scratch, 'package'), target, { recursive: true });
  writeFileSync(
    join(userFolder, '.n8n', 'nodes', 'package.json'),
    JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-justoneapi': '*' } }),
  );
  rmSync(scratch, { recursive: true, force: true });
}
