// Packs each publishable package the way `pnpm publish` would and checks what users would install.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Packed {
  files: string[];
  manifest: Record<string, any>;
  dir: string;
}

function pack(pkg: string): Packed {
  const dir = join(scratch, pkg);
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(root, 'packages', pkg), stdio: 'pipe' });
  const tarball = execFileSync('sh', ['-c', `ls ${dir}/*.tgz`]).toString().trim();
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const files = execFileSync('tar', ['-tzf', tarball]).toString().trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  return { files, manifest: JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')), dir: join(dir, 'package') };
}

async function minGzip(entry: string, external: string[] = []): Promise<number> {
  const out = await build({ stdin: { contents: entry, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'neutral', external, write: false, logLevel: 'silent' });
  return gzipSync(out.outputFiles[0]!.contents).length;
}

function commonChecks(p: Packed) {
  for (const f of p.files) {
    expect(f, 'no tests, sources, maps, caches or node_modules in the tarball').not.toMatch(/(^|\/)(test|tests|__tests__|node_modules|\.cache|src)\/|\.test\.|\.map$|tsconfig|vitest\.config/);
  }
  expect(JSON.stringify(p.manifest), 'no workspace: ranges left').not.toMatch(/workspace:/);
  expect(p.manifest.license).toBe('MIT');
  expect(p.manifest.repository?.directory).toBeTruthy();
  expect(p.files).toContain('README.md');
  expect(p.manifest.version).toBe(JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8')).version);
}

describe('@justoneapi/sdk tarball', () => {
  const p = pack('sdk');
  it('ships only dist, README and package.json, with resolvable exports', () => {
    commonChecks(p);
    expect(p.files.every((f) => f.startsWith('dist/') || ['README.md', 'package.json', 'LICENSE'].includes(f))).toBe(true);
    for (const target of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/core.js', 'dist/core.cjs', 'dist/cli.cjs']) expect(p.files).toContain(target);
    expect(p.manifest.dependencies['@justoneapi/sandbox']).toMatch(/^\d/);
    expect(p.manifest.bin.justoneapi).toBe('./dist/cli.cjs');
  });

  it('keeps the ESM runtime within 8 kB min+gzip', async () => {
    // What an app bundles for the client (dependencies like openapi-fetch are counted separately).
    const client = await minGzip(`export { createClient } from '${p.dir}/dist/index.js'`, ['openapi-fetch', '@justoneapi/sandbox']);
    expect(client).toBeLessThanOrEqual(8 * 1024);
  });
});

describe('@justoneapi/sandbox tarball', () => {
  const p = pack('sandbox');
  it('ships dist with the bundled catalog and no runtime dependencies', () => {
    commonChecks(p);
    expect(p.manifest.dependencies ?? {}).toEqual({});
    expect(p.files).toContain('dist/cli.cjs');
    expect(p.files.every((f) => f.startsWith('dist/') || ['README.md', 'package.json', 'LICENSE'].includes(f))).toBe(true);
  });
});
