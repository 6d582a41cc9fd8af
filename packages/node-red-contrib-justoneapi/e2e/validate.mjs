// Runs the Flow Library scorecard (node-red-dev validate) on the packed package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'jo-nr-validate-'));
try {
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { stdio: 'pipe' });
  execFileSync('tar', [
    '-xzf',
    join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz')),
    ),
    '-C',
    dir,
  ]);
  execFileSync('npx', ['node-red-dev', 'validate', '-p', join(dir, 'package')], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
