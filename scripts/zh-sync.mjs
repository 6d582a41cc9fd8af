#!/usr/bin/env node
// Refreshes specs/i18n/zh-CN.json from the vendor's published Chinese strings: the `i18n-cache.json` of
// github.com/justoneapi/justoneapi-python (md5 of the English text -> its Simplified Chinese text, which the
// vendor's Chinese README and docs show). Keeps only the texts our specs use (operation titles and
// descriptions, parameter descriptions, platform names and descriptions), keyed by the English text.
// Usage: node scripts/zh-sync.mjs <path to the vendor's i18n-cache.json> [source commit]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_METHODS, operationParams } from './lib/catalog.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [cacheFile, commit = 'unknown'] = process.argv.slice(2);
if (!cacheFile) throw new Error('usage: node scripts/zh-sync.mjs <i18n-cache.json> [commit]');
const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
const md5 = (s) => createHash('md5').update(s).digest('hex');

const english = new Set();
const add = (s) => s && english.add(s);
for (const dir of ['vendor', 'supplementary'])
  for (const f of readdirSync(join(root, 'specs', dir)).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(root, 'specs', dir, f), 'utf8'));
    for (const tag of doc.tags ?? []) add(tag.name), add(tag.description);
    for (const item of Object.values(doc.paths ?? {}))
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (!op) continue;
        add(op.summary), add(op.description);
        for (const p of operationParams(op)) add(p.source.description ?? p.schema.description);
      }
  }
const texts = {};
for (const en of [...english].sort()) {
  const zh = cache[md5(en)];
  if (zh && zh !== en) texts[en] = zh;
}
const out = {
  source: {
    what: "The vendor's Simplified Chinese texts, keyed by the English text of specs/vendor (verbatim values).",
    from: 'https://github.com/justoneapi/justoneapi-python/blob/main/i18n-cache.json (md5 of the English text -> Chinese)',
    commit,
    refresh: 'node scripts/zh-sync.mjs <i18n-cache.json> <commit>',
  },
  texts,
};
writeFileSync(join(root, 'specs/i18n/zh-CN.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(
  `specs/i18n/zh-CN.json: ${Object.keys(texts).length} of ${english.size} English texts have the vendor's Chinese`,
);
