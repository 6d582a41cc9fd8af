#!/usr/bin/env node
// pnpm spec:sync [file|url] [--check] [--json FILE]
// Takes a newer vendor OpenAPI document (default: the vendor's live endpoint), prints the compatibility
// diff against specs/vendor/public-api.json, both seen through specs/supplementary and specs/overlays
// (scripts/lib/compat.mjs: each change breaking, deprecating, additive or text, and the changeset bump it
// calls for), and writes the document verbatim in place (unless --check). --json writes the diff for
// scripts (vendor-sync.mjs, the n8n generator). Then run `pnpm generate`: its coverage check names
// anything the overlays must now say.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bumpFor, compatDiff, formatDiff, operationsOf, overlaid } from './lib/compat.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const check = args.includes('--check');
const jsonOut = opt('--json');
const specs = resolve(opt('--specs') ?? join(root, 'specs'));
const target = join(specs, 'vendor/public-api.json');
const valued = new Set([opt('--json'), opt('--specs')]);
const source =
  args.find((a, i) => !a.startsWith('--') && !(valued.has(a) && args[i - 1]?.startsWith('--'))) ??
  'https://api.justoneapi.com/v3/api-docs/public-api';

const text = /^https?:\/\//.test(source)
  ? await (async () => {
      const res = await fetch(source, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
      return res.text();
    })()
  : readFileSync(resolve(source), 'utf8');
const next = JSON.parse(text);
if (!next.paths || !String(next.openapi ?? '').startsWith('3.'))
  throw new Error(`${source} is not an OpenAPI 3 document`);
const prev = JSON.parse(readFileSync(target, 'utf8'));

const jsonFiles = (dir) =>
  readdirSync(join(specs, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, doc: JSON.parse(readFileSync(join(specs, dir, f), 'utf8')) }));
const supplementary = jsonFiles('supplementary');
const overlays = jsonFiles('overlays').map(({ name, doc }) => ({ name, overlay: doc }));

/** The vendor document as generate.mjs sees it: supplementary operations merged, overlays applied. */
function seen(vendor) {
  const doc = structuredClone(vendor);
  for (const { doc: extra } of supplementary) {
    Object.assign(doc.paths, structuredClone(extra.paths));
    for (const tag of extra.tags ?? []) if (!doc.tags.some((t) => t.name === tag.name)) doc.tags.push(tag);
  }
  return overlaid(doc, overlays);
}

const before = seen(prev);
const after = seen(next);
const changes = compatDiff(before.doc, after.doc);
const bump = bumpFor(changes);
const counts = [operationsOf(before.doc).size, operationsOf(after.doc).size];
console.log(formatDiff(changes));
const gone = after.missed.filter((m) => !before.missed.includes(m));
if (gone.length)
  console.log(`overlay targets that select nothing now (fix specs/overlays):\n  ${gone.join('\n  ')}`);
console.log(`${counts[0]} -> ${counts[1]} operations; changeset bump: ${bump ?? 'none'}`);
if (jsonOut)
  writeFileSync(
    resolve(jsonOut),
    `${JSON.stringify({ bump: bump ?? null, counts, changes, overlayTargetsGone: gone }, null, 2)}\n`,
  );
if (!check) {
  writeFileSync(target, text);
  console.log(`wrote ${source} to ${target.slice(root.length + 1) || target}; now run \`pnpm generate\``);
}
