// Runs the Flow Library scorecard (node-red-dev validate) on the packed package. Without internet (CI),
// the Flow Library catalogue answers as empty (validate-offline.cjs) and the checks that need it are named.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const reachable = await fetch('https://catalogue.nodered.org/catalogue.json', {
  method: 'HEAD',
  signal: AbortSignal.timeout(5000),
}).then(
  (r) => r.ok,
  () => false,
);
const env = { ...process.env };
if (!reachable) {
  const stub = fileURLToPath(new URL('./validate-offline.cjs', import.meta.url));
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${stub}`.trim();
  console.log(
    'catalogue.nodered.org is unreachable: P08 (similar package names) and N01 (node types used elsewhere) are checked against an empty catalogue.',
  );
}
/**
 * The validator asks the npm registry about the package (P06/P07, D03): a network hiccup there (seen once
 * as a TLS error through a proxy) is retried twice; its verdicts are not.
 */
function validate(path) {
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync('npx', ['node-red-dev', 'validate', '-p', path], { env, encoding: 'utf8' });
    } catch (err) {
      if (attempt === 3) throw err;
      console.error(
        `node-red-dev validate could not finish (attempt ${attempt}): ${String(err.stderr ?? err)
          .trim()
          .split('\n')
          .pop()}; trying again`,
      );
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'jo-nr-validate-'));
try {
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { stdio: 'pipe' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  const out = validate(join(dir, 'package'));
  process.stdout.write(out);
  // The scorecard warns with ⚠ and fails with ✗/❌; any of them fails this run.
  const bad = out.split('\n').filter((l) => /^\s*(⚠|✗|❌)/.test(l));
  if (bad.length) {
    console.error(`node-red-dev validate: ${bad.length} warning(s) or failure(s)`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
