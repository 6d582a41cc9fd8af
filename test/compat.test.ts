// The compatibility diff (`pnpm spec:sync`, scripts/lib/compat.mjs) on synthetic vendor changes, one of
// each kind: each is classified as it must be, the changeset bump follows, and additive changes
// regenerate with no edit outside specs/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeOperations } from '../packages/sdk/src/core/catalog-decode.js';
import type { CompactOperation } from '../packages/sdk/src/core/catalog-types.js';
import {
  CHANGES,
  changedDoc,
  DEFAULTED,
  NEW_DEFAULT,
  NEW_OP,
  NEW_OP_OVERLAY,
  root,
  type VendorChange,
} from './vendor-changes.js';

const scratch = mkdtempSync(join(tmpdir(), 'jo-compat-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

interface Diff {
  bump: string | null;
  counts: [number, number];
  changes: Array<{ level: string; kind: string; endpoint: string; platform: string; detail: string }>;
}

/** spec:sync on a copy of specs/ with the given changes: its printed diff, its JSON, and the copy. */
function sync(changes: VendorChange[], write = false) {
  const dir = join(scratch, String(n++));
  const specs = join(dir, 'specs');
  cpSync(join(root, 'specs'), specs, { recursive: true });
  const file = join(dir, 'next.json');
  writeFileSync(file, JSON.stringify(changedDoc(changes), null, 2));
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'scripts/spec-sync.mjs'),
      file,
      '--specs',
      specs,
      '--json',
      join(dir, 'diff.json'),
      ...(write ? [] : ['--check']),
    ],
    { encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return {
    out: run.stdout,
    diff: JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8')) as Diff,
    dir,
    specs,
  };
}

describe('the compatibility diff', () => {
  it.each(CHANGES.map((c) => [c.name, c.level, c] as const))('%s: classified as %s', (_name, _level, c) => {
    const { out, diff } = sync([c]);
    expect(diff.changes.map(({ level, kind, endpoint }) => ({ level, kind, endpoint }))).toEqual([
      { level: c.level, kind: c.kind, endpoint: c.endpoint },
    ]);
    expect(out).toContain(`${c.level.toUpperCase()}`);
    expect(out).toContain(c.endpoint);
    expect(diff.bump).toBe(c.level === 'breaking' ? 'major' : 'minor');
  });

  it('a new optional parameter with a default is additive-behavioural (its default is sent from now on), bump minor', () => {
    const c = CHANGES.find((x) => x.level === 'additive-behavioural')!;
    const { out, diff } = sync([c]);
    expect(diff.changes).toEqual([
      expect.objectContaining({ kind: 'param-added-default', detail: 'lang:string = "en"' }),
    ]);
    expect(out).toMatch(/^ADDITIVE-BEHAVIOURAL +param-added-default +GET \/api\/youtube/m);
    // One without a default stays plain additive.
    const plain = CHANGES.find((x) => x.kind === 'param-added')!;
    expect(sync([plain]).diff.changes[0]).toMatchObject({ level: 'additive', kind: 'param-added' });
  });

  it('a default changed to a value the list already had stays breaking', () => {
    const c = CHANGES.find((x) => x.kind === 'default-new-value')!;
    const { diff } = sync([
      {
        ...c,
        apply: (doc) => {
          const p = doc.paths[NEW_DEFAULT.path]!.get!.parameters.find(
            (x: { name: string }) => x.name === NEW_DEFAULT.name,
          );
          p.schema.default = p.schema.enum.at(-1);
        },
      },
    ]);
    expect(diff.changes).toEqual([expect.objectContaining({ level: 'breaking', kind: 'param-default' })]);
    expect(diff.bump).toBe('major');
  });

  it('no change: nothing listed, no bump', () => {
    const { out, diff } = sync([]);
    expect(diff.changes).toEqual([]);
    expect(diff.bump).toBeNull();
    expect(out).toMatch(/no operation, parameter or text changed/);
  });

  it('additive and deprecating changes regenerate with no edit outside specs/, bump minor', async () => {
    const safe = CHANGES.filter((c) => c.level !== 'breaking');
    const { diff, dir, specs } = sync(safe, true);
    expect(diff.bump).toBe('minor');
    expect(diff.counts[1]).toBe(diff.counts[0] + 1);
    // The one edit a paged new operation needs, inside specs/: how it pages.
    writeFileSync(join(specs, 'overlays', 'zz-new.json'), JSON.stringify(NEW_OP_OVERLAY));
    const out = join(dir, 'generated');
    const gen = spawnSync(
      process.execPath,
      [
        join(root, 'scripts/generate.mjs'),
        '--specs',
        specs,
        '--out',
        out,
        '--docs',
        join(dir, 'operations.md'),
      ],
      { encoding: 'utf8' },
    );
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    const { platforms } = (await import(join(out, 'catalog', 'index.ts'))) as {
      platforms: Record<string, readonly CompactOperation[]>;
    };
    const ops = Object.entries(platforms).flatMap(([ns, list]) => decodeOperations(ns, list));
    const at = (path: string) => ops.find((o) => o.path === path)!;
    expect(at(NEW_OP)).toMatchObject({
      id: 'weibo.getFansV9',
      pagination: { state: [{ param: 'page', kind: 'page' }] },
    });
    expect(
      at(NEW_OP)
        .params.find((p) => p.name === 'sort')!
        .enum!.map((e) => e.value),
    ).toEqual(['HOT', 'NEW']);
    expect(
      at('/api/amazon/get-product-detail/v1')
        .params.find((p) => p.name === 'country')!
        .enum!.map((e) => e.value),
    ).toContain('NZ');
    expect(at('/api/douban/get-subject-detail/v1').params.map((p) => p.name)).toContain('lang');
    expect(at(DEFAULTED.path).params.find((p) => p.name === 'lang')).toMatchObject({ default: 'en' });
    expect(at('/api/bilibili/get-user-detail/v2').deprecated).toBe(true);
    expect(at('/api/imdb/title-plot-query/v1').hidden).toBe(true);
  });

  it('breaking changes bump major and name the platforms whose released nodes need a new version', () => {
    const { diff } = sync(CHANGES);
    expect(diff.bump).toBe('major');
    const breaking = diff.changes.filter((c) => c.level === 'breaking');
    expect(breaking.map((c) => c.kind).sort()).toEqual(['operation-removed', 'param-renamed', 'param-type']);
    expect([...new Set(breaking.map((c) => c.platform))].sort()).toEqual(['amazon', 'bilibili', 'imdb']);
    expect(breaking.find((c) => c.kind === 'param-renamed')!.detail).toBe('wmid -> wmidNew');
  });
});
