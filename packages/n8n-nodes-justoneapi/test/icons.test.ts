import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { INodeTypeBaseDescription } from 'n8n-workflow';
import pkg from '../package.json';

const root = join(__dirname, '..');
const classes = pkg.n8n.nodes
  .map((file) => /^dist\/nodes\/(\w+)\//.exec(file)![1]!)
  .filter((cls) => cls !== 'JustOneApiTrigger');

async function iconsOf(cls: string) {
  const mod = (await import(`../nodes/${cls}/${cls}.node.ts`)) as Record<
    string,
    new () => { description: INodeTypeBaseDescription }
  >;
  const { icon } = new mod[cls]!().description;
  const file = (ref: string) => readFileSync(join(root, 'nodes', 'icons', ref.replace(/^file:/, '')), 'utf8');
  const { light, dark } = icon as { light: string; dark: string };
  return { cls, light: file(light), dark: file(dark) };
}

/** What a person tells icons apart by: the tile colour and the mark written on it. */
const look = (svg: string) =>
  `${/<rect[^>]* fill="([^"]+)"/.exec(svg)?.[1]} ${/<text[^>]*>([^<]*)</.exec(svg)?.[1]}`;

describe('platform node icons (generated from the catalog)', () => {
  it('every platform node has its own icon, light and dark: no two share colour and mark, none is the generic Just One API icon', async () => {
    const all = await Promise.all(classes.map(iconsOf));
    const generic = readFileSync(join(root, 'nodes', 'icons', 'justoneapi.svg'), 'utf8');
    expect(all.length).toBe(classes.length);
    for (const variant of ['light', 'dark'] as const) {
      const looks = all.map((i) => look(i[variant]));
      const clash = looks.filter((l, k) => looks.indexOf(l) !== k);
      expect(clash, `${variant} icons shared by two platforms`).toEqual([]);
      for (const i of all) expect(look(i[variant]), i.cls).not.toBe(look(generic));
    }
    for (const i of all) expect(i.dark, `${i.cls} dark differs from light`).not.toBe(i.light);
  });
});
