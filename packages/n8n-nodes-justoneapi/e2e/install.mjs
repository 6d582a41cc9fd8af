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

/**
 * Packs this package (`pnpm pack`, as published), or a built copy of it in `dir`, and installs the
 * tarball's content into the user folder.
 */
export function packInto(userFolder, dir = pkgDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'jo-n8n-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: dir, stdio: 'pipe' });
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

/** The environment of a headless, throwaway n8n over `userFolder`: no telemetry, its own ports. */
export async function n8nEnv(host, spec, userFolder) {
  return {
    ...process.env,
    PATH: `${dirname(host.node)}:${process.env.PATH}`,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: 'e2e-encryption-key',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_PORT: String(await freePort()),
    DB_SQLITE_POOL_SIZE: '1',
    ...(spec.env ?? {}),
  };
}
