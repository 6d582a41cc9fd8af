#!/usr/bin/env node
// pnpm spec:sync [file|url] [--check]
// Takes a newer vendor OpenAPI document (default: the vendor's live endpoint), prints what changed
// against specs/vendor/public-api.json — operations added, removed, newly deprecated or hidden,
// parameters added, removed or changed — and writes it verbatim in place (unless --check).
// Then run `pnpm generate`: its coverage check names anything the overlays must now say.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_METHODS, operationParams } from './lib/catalog.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'specs/vendor/public-api.json');
const args = process.argv.slice(2);
const check = args.includes('--check');
const source = args.find((a) => !a.startsWith('--')) ?? 'https://api.justoneapi.com/v3/api-docs/public-api';

const text = /^https?:\/\//.test(source)
  ? await (await fetch(source, { signal: AbortSignal.timeout(60_000) })).text()
  : readFileSync(resolve(source), 'utf8');
const next = JSON.parse(text);
if (!next.paths || !String(next.openapi ?? '').startsWith('3.'))
  throw new Error(`${source} is not an OpenAPI 3 document`);
const prev = JSON.parse(readFileSync(target, 'utf8'));

function index(doc) {
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of HTTP_METHODS) if (item[m]) out.set(`${m.toUpperCase()} ${path}`, item[m]);
  }
  return out;
}
const describeParam = (p) =>
  `${p.in === 'body' ? 'body ' : ''}${p.name}${p.required ? '*' : ''}:${p.schema.type ?? 'string'}${p.schema.enum ? `(${p.schema.enum.join('|')})` : ''}${p.schema.default !== undefined ? `=${p.schema.default}` : ''}`;

const a = index(prev);
const b = index(next);
const lines = [];
for (const key of b.keys()) if (!a.has(key)) lines.push(`+ added       ${key}  ${b.get(key).summary ?? ''}`);
for (const key of a.keys()) if (!b.has(key)) lines.push(`- removed     ${key}`);
for (const [key, op] of b) {
  const old = a.get(key);
  if (!old) continue;
  if (op.deprecated && !old.deprecated) lines.push(`! deprecated  ${key}`);
  if (op['x-docs-hidden'] && !old['x-docs-hidden']) lines.push(`! hidden      ${key}`);
  const before = new Map(operationParams(old).map((p) => [p.name, describeParam(p)]));
  const after = new Map(operationParams(op).map((p) => [p.name, describeParam(p)]));
  for (const [n, d] of after) {
    if (!before.has(n)) lines.push(`~ param +    ${key}  ${d}`);
    else if (before.get(n) !== d) lines.push(`~ param ~    ${key}  ${before.get(n)} -> ${d}`);
  }
  for (const [n, d] of before) if (!after.has(n)) lines.push(`~ param -    ${key}  ${d}`);
}
console.log(lines.length ? lines.join('\n') : 'no operation or parameter changed');
console.log(`${a.size} -> ${b.size} operations`);
if (!check) {
  writeFileSync(target, text);
  console.log(`wrote ${source} to specs/vendor/public-api.json; now run \`pnpm generate\``);
}
