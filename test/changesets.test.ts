import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-changesets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Every package but the ones changesets ignores (private test harnesses such as e2e-n8n-queue).
const ignored: string[] = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8')).ignore ?? [];
const allPackages = readdirSync(join(root, 'packages')).filter((d) =>
  existsSync(join(root, 'packages', d, 'package.json')),
);
const packages = allPackages.filter(
  (d) => !ignored.includes(JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')).name),
);
const manifest = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(join(dir, 'packages', pkg, 'package.json'), 'utf8'));

describe('changesets', () => {
  it('puts every package in one fixed group', () => {
    const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
    const names = packages.map((p) => manifest(root, p).name).sort();
    expect([...config.fixed[0]].sort()).toEqual(names);
    expect(config.privatePackages).toEqual({ version: true, tag: true });
  });

  it('the version PR also freezes the n8n node versions it releases (versions.json "released")', () => {
    const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts[
      'version-packages'
    ];
    const steps = script.split('&&').map((s) => s.trim());
    expect(steps[0]).toBe('changeset version');
    expect(steps).toContain('node packages/n8n-nodes-justoneapi/tools/generate.mjs --release');
    const release = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
    expect(release).toMatch(/version: npx -y pnpm@[\d.]+ run version-packages/);
  });

  it('`changeset version` moves every package to the same new version with a changelog entry', () => {
    for (const f of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, f), join(scratch, f));
    cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true });
    for (const p of allPackages) {
      mkdirSync(join(scratch, 'packages', p), { recursive: true });
      cpSync(join(root, 'packages', p, 'package.json'), join(scratch, 'packages', p, 'package.json'));
    }
    const sdk = manifest(root, 'sdk');
    // One patch changeset for one package only: the fixed group must move them all.
    writeFileSync(
      join(scratch, '.changeset', 'zz-test-only.md'),
      `---\n"${sdk.name}": patch\n---\n\nRelease pipeline test entry.\n`,
    );
    execFileSync('git', ['init', '-q'], { cwd: scratch });
    execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
      cwd: scratch,
      stdio: 'pipe',
    });

    const before = packages.map((p) => manifest(root, p).version);
    const after = packages.map((p) => manifest(scratch, p).version);
    expect(new Set(after).size).toBe(1);
    expect(after[0]).not.toBe(before[0]);
    for (const p of packages) {
      const changelog = readFileSync(join(scratch, 'packages', p, 'CHANGELOG.md'), 'utf8');
      expect(changelog, p).toContain(`## ${after[0]}`);
    }
    expect(readFileSync(join(scratch, 'packages', 'sdk', 'CHANGELOG.md'), 'utf8')).toContain(
      'Release pipeline test entry.',
    );
    // Internal workspace ranges stay workspace ranges (pnpm rewrites them at pack time).
    for (const p of packages) {
      const deps = { ...manifest(scratch, p).dependencies, ...manifest(scratch, p).devDependencies };
      for (const [name, range] of Object.entries(deps))
        if (name.startsWith('@justoneapi/')) expect(range).toBe('workspace:*');
    }
  });
});
