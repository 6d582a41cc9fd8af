// The build against a small catalog with deprecated, hidden and POST operations: what each node offers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('../', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'jo-nr-build-')), 'nodes');
const before = readFileSync(join(pkgDir, 'package.json'), 'utf8');
execFileSync(process.execPath, ['build.mjs'], {
  cwd: pkgDir,
  env: {
    ...process.env,
    JUSTONEAPI_NR_CATALOG: fileURLToPath(new URL('./fixtures/catalog.mjs', import.meta.url)),
    JUSTONEAPI_NR_OUT: out,
  },
});
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));
const read = (f: string) => readFileSync(join(out, f), 'utf8');
const table = (type: string) => JSON.parse(/var OPS = (\[.*\]);/.exec(read(`${type}.html`))![1]!);

describe('build from a catalog with deprecated, hidden and POST operations', () => {
  it('one node per platform that has a listed operation; none for a platform with only hidden ones', () => {
    expect(existsSync(join(out, 'justoneapi-douyin.js'))).toBe(true);
    expect(existsSync(join(out, 'justoneapi-onlyhidden.js'))).toBe(false);
    expect(readFileSync(join(pkgDir, 'package.json'), 'utf8')).toBe(before); // a projection never rewrites it
  });

  it('hidden operations are not offered; deprecated ones are marked (kept for saved nodes); POST ones are offered', () => {
    const ops = table('justoneapi-douyin');
    expect(ops.map((o: any) => o.m)).toEqual(['oldSearch', 'searchVideoV4', 'postForm']);
    expect(ops.find((o: any) => o.m === 'oldSearch').d).toBe(1);
    expect(ops.find((o: any) => o.m === 'searchVideoV4')).toMatchObject({ v: 'v4', pg: ['page'] });
    // A new node starts on an operation that is not deprecated.
    expect(read('justoneapi-douyin.html')).toContain("operation: { value: 'searchVideoV4', required: true }");
    const en = JSON.parse(read('locales/en-US/justoneapi-douyin.json'));
    expect(Object.keys(en.ops)).toEqual(['oldSearch', 'searchVideoV4', 'postForm']);
    expect(en.paletteLabel).toBe('douyin'); // no platform docs yet: the namespace
    const help = read('locales/en-US/justoneapi-douyin.html');
    expect(help).toContain('1 more are deprecated');
    expect(help).not.toContain('secretThing');
    expect(help).not.toContain('<code>oldSearch</code>');
  });
});
