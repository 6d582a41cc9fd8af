// Where end-to-end runs keep the real hosts they install (git-ignored), and Node binaries of other
// majors from the npm registry's `node` package. Set JUSTONEAPI_E2E_CACHE to share one across clones.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CACHE =
  process.env.JUSTONEAPI_E2E_CACHE ?? join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.cache');

/** A Node binary of the given major: this process's own when it matches, else installed into the cache once. */
export function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const dir = join(CACHE, `node${major}`);
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `node@${major}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return bin;
}
