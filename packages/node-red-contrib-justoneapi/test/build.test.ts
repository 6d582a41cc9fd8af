// The build against a small catalog with deprecated, hidden and POST operations: what each node offers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
    expect(ops.map((o: any) => o.m)).toEqual(['oldSearch', 'getVideoDetail', 'searchVideoV4', 'postForm']);
    expect(ops.find((o: any) => o.m === 'oldSearch').d).toBe(1);
    expect(ops.find((o: any) => o.m === 'searchVideoV4')).toMatchObject({ v: 'v4', pg: ['page'] });
    // A new node starts on the platform's main search (not deprecated, needs no id the user lacks).
    expect(read('justoneapi-douyin.html')).toContain("operation: { value: 'searchVideoV4', required: true }");
    const en = JSON.parse(read('locales/en-US/justoneapi-douyin.json'));
    expect(Object.keys(en.ops)).toEqual(['oldSearch', 'getVideoDetail', 'searchVideoV4', 'postForm']);
    expect(en.paletteLabel).toBe('douyin'); // no platform docs yet: the namespace
    const help = read('locales/en-US/justoneapi-douyin.html');
    expect(help).toContain('1 more are deprecated');
    expect(help).not.toContain('secretThing');
    expect(help).not.toContain('<code>oldSearch</code>');
  });

  it('leaves no placeholder unreplaced in any generated file', () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    for (const f of files.filter((f) => /\.(html|json)$/.test(f)))
      expect([f, read(f).match(/__[A-Z][A-Z_]*__/g)]).toEqual([f, null]);
  });

  it('a platform that offers nothing to new nodes stays registered (saved flows run) but leaves the palette', () => {
    expect(existsSync(join(out, 'justoneapi-onlydeprecated.js'))).toBe(true);
    expect(read('justoneapi-onlydeprecated.html')).toContain("category: 'deprecated'");
    expect(read('justoneapi-douyin.html')).toContain("category: 'Just One API'");
  });

  it('each platform has its own icon and colour, generated from the catalog', () => {
    const icons = ['xiaohongshu', 'douyin', 'onlydeprecated'].map((id) => {
      const html = read(`justoneapi-${id}.html`);
      const icon = /icon: '([^']+)'/.exec(html)![1]!;
      expect(icon).toBe(`justoneapi-${id}.svg`);
      const svg = read(`icons/${icon}`);
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 40 60"/);
      return [svg, /color: '([^']+)'/.exec(html)![1]];
    });
    expect(new Set(icons.map((i) => i[0])).size).toBe(icons.length);
    expect(new Set(icons.map((i) => i[1])).size).toBe(icons.length);
  });

  it('short platform names for the palette and the canvas label, without a breakable hyphen', () => {
    const en = JSON.parse(read('locales/en-US/justoneapi-xiaohongshu.json'));
    expect(en.short).toBe('Xiaohongshu');
    expect(en.paletteLabel).toBe('Xiaohongshu');
    expect(JSON.parse(read('locales/zh-CN/justoneapi-xiaohongshu.json')).short).toBe('小红书');
  });
});
