import { describe, expect, it } from 'vitest';
import type { INodeTypeBaseDescription } from 'n8n-workflow';
import pkg from '../package.json';

/** An icon file's text (vite's ?raw import: the tests, like the nodes, use no file-system API). */
const svg = async (name: string) =>
  ((await import(`../nodes/icons/${name}?raw`)) as { default: string }).default;
const classes = pkg.n8n.nodes
  .map((file) => /^dist\/nodes\/(\w+)\//.exec(file)![1]!)
  .filter((cls) => cls !== 'JustOneApiTrigger');

async function iconsOf(cls: string) {
  const mod = (await import(`../nodes/${cls}/${cls}.node.ts`)) as Record<
    string,
    new () => { description: INodeTypeBaseDescription }
  >;
  const { icon } = new mod[cls]!().description;
  const { light, dark } = icon as { light: string; dark: string };
  return { cls, light: await svg(light.replace(/^file:/, '')), dark: await svg(dark.replace(/^file:/, '')) };
}

/** What a person tells icons apart by: the tile colour and the mark written on it. */
const look = (svg: string) =>
  `${/<rect[^>]* fill="([^"]+)"/.exec(svg)?.[1]} ${/<text[^>]*>([^<]*)</.exec(svg)?.[1]}`;

describe('platform node icons (generated from the catalog)', () => {
  it('every platform node has its own icon, light and dark: no two share colour and mark, none is the generic Just One API icon', async () => {
    const all = await Promise.all(classes.map(iconsOf));
    const generic = await svg('justoneapi.svg');
    expect(all.length).toBe(classes.length);
    for (const variant of ['light', 'dark'] as const) {
      const looks = all.map((i) => look(i[variant]));
      const clash = looks.filter((l, k) => looks.indexOf(l) !== k);
      expect(clash, `${variant} icons shared by two platforms`).toEqual([]);
      for (const i of all) expect(look(i[variant]), i.cls).not.toBe(look(generic));
    }
    for (const i of all) expect(i.dark, `${i.cls} dark differs from light`).not.toBe(i.light);
    // Colours alone tell them apart too: no two platform nodes share a tile colour.
    const fills = all.map((i) => /<rect[^>]* fill="([^"]+)"/.exec(i.light)?.[1]);
    expect(new Set(fills).size).toBe(all.length);
  });
});
