#!/usr/bin/env node
// The scheduled vendor sync (.github/workflows/vendor-sync.yml runs it; test/vendor-sync.test.ts runs it
// against a served copy): fetch the vendor's published document, classify the changes (spec:sync),
// regenerate, write a changeset whose bump follows the diff, and commit it all on a new branch. Opening
// the pull request is the workflow's one GitHub step; this script writes its title and body.
// Usage: node scripts/vendor-sync.mjs [--source URL|FILE] [--branch NAME] [--pr-body FILE] [--github-output FILE] [--no-commit]
// Exit 0 with "no change" when the document is byte-identical; --github-output gets changed, branch, bump, title.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEVELS } from './lib/compat.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const source = opt('--source', 'https://api.justoneapi.com/v3/api-docs/public-api');
const day = new Date().toISOString().slice(0, 10);
const branch = opt('--branch', `vendor-sync/${day}`);
const prBody = resolve(opt('--pr-body', join(root, '.vendor-sync-pr.md')));
const vendorFile = join(root, 'specs/vendor/public-api.json');
// The released packages, as changesets names them (one fixed version group): a renamed or new package needs no edit here.
const PACKAGES = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8')).fixed.flat();

/** What the n8n generator writes that is checked in (the rest is build output). */
const N8N_CHECKED_IN = 'packages/n8n-nodes-justoneapi/nodes/released';
const N8N_FILES = [
  'packages/n8n-nodes-justoneapi/nodes/versions.json',
  'packages/n8n-nodes-justoneapi/package.json',
];
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
const node = (script, ...a) =>
  spawnSync(process.execPath, [join(root, script), ...a], { cwd: root, encoding: 'utf8' });
const outputFile = opt('--github-output');
const output = (values) => {
  if (!outputFile) return;
  appendFileSync(
    outputFile,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
};

const scratch = mkdtempSync(join(tmpdir(), 'jo-vendor-sync-'));
try {
  const before = readFileSync(vendorFile, 'utf8');
  const diffFile = join(scratch, 'diff.json');
  const sync = node('scripts/spec-sync.mjs', source, '--json', diffFile);
  if (sync.status !== 0) throw new Error(`spec:sync failed:\n${sync.stderr || sync.stdout}`);
  if (readFileSync(vendorFile, 'utf8') === before) {
    console.log('no change: the vendor document is the one in specs/vendor');
    output({ changed: 'false' });
    process.exit(0);
  }
  const diff = JSON.parse(readFileSync(diffFile, 'utf8'));
  const notes = [];
  let gen = node('scripts/generate.mjs');
  if (gen.status !== 0 && /look paged but specs\/overlays say nothing/.test(gen.stderr)) {
    // A new operation with a paging-looking parameter is generated unpaged (callable page by page) until
    // specs/overlays/pagination.json says how it pages: the pull request says so rather than failing.
    notes.push(
      `Needs a pagination entry (specs/overlays/pagination.json):\n\n\`\`\`\n${gen.stderr.trim()}\n\`\`\``,
    );
    gen = node('scripts/generate.mjs', '--allow-unpaged');
  }
  // A document the generator refuses (an overlay whose operation the vendor removed, say) still gets its
  // pull request: the document and the changeset, the generator's words, and the tests failing on it
  // (a draft), so a person fixes specs/overlays on that branch. Nothing generated is half-written.
  const generated = gen.status === 0;
  if (!generated)
    notes.push(
      `**The generator refused this document**: fix \`specs/overlays\` on this branch, then \`pnpm generate\`.\n\n\`\`\`\n${(gen.stderr || gen.stdout).trim()}\n\`\`\``,
    );
  else {
    // n8n node versions follow the change: extended for additive changes, a new version for breaking ones.
    const n8n = node('packages/n8n-nodes-justoneapi/tools/generate.mjs');
    if (n8n.status !== 0) throw new Error(`n8n generate failed:\n${n8n.stderr || n8n.stdout}`);
    const versionLines = n8n.stdout.split('\n').filter((l) => /^n8n \w+( v[\d.]+)?: /.test(l));
    if (versionLines.length)
      notes.push(`n8n node versions:\n\n${versionLines.map((l) => `- ${l}`).join('\n')}`);
  }

  const bump = diff.bump ?? 'patch';
  const counts = `${diff.counts[0]} -> ${diff.counts[1]} operations`;
  const levels = LEVELS.map((l) => `${diff.changes.filter((c) => c.level === l).length} ${l}`);
  const title = `Vendor API sync ${day}: ${levels.join(', ')}`;
  const summary = sync.stdout.replace(/\nwrote [^\n]*\n?$/, '').trim();
  writeFileSync(
    join(root, '.changeset', `vendor-sync-${day}.md`),
    `---\n${PACKAGES.map((p) => `"${p}": ${bump}`).join('\n')}\n---\n\nThe vendor's API document of ${day} (${counts}): ${levels.join(', ')} change(s).\n\n${diff.changes
      .filter((c) => c.level !== 'text')
      .map((c) => `- ${c.level}: ${c.kind} ${c.endpoint || c.platform} ${c.detail}`.trimEnd())
      .join('\n')}\n`,
  );
  writeFileSync(
    prBody,
    `Automated sync with the vendor's published OpenAPI document (\`${source}\`), by \`scripts/vendor-sync.mjs\`.\n\n` +
      `Compatibility diff (\`pnpm spec:sync\`; changeset bump **${bump}**):\n\n\`\`\`\n${summary}\n\`\`\`\n\n` +
      (notes.length ? `${notes.join('\n\n')}\n\n` : '') +
      `${diff.overlayTargetsGone.length ? `Overlay targets that select nothing now:\n${diff.overlayTargetsGone.map((t) => `- ${t}`).join('\n')}\n\n` : ''}` +
      (generated
        ? 'Regenerated: `packages/sdk/src/generated`, `docs/operations.md`, the n8n node versions. '
        : 'Not regenerated (see above). ') +
      'The workflow ran the tests before opening this pull request.\n',
  );
  if (!args.includes('--no-commit')) {
    git('checkout', '-q', '-B', branch);
    git(
      'add',
      '--',
      'specs',
      'packages/sdk/src/generated',
      'docs/operations.md',
      '.changeset',
      N8N_CHECKED_IN,
      ...N8N_FILES,
    );
    git(
      '-c',
      'user.name=justoneapi-vendor-sync',
      '-c',
      'user.email=vendor-sync@users.noreply.github.com',
      'commit',
      '-q',
      '-m',
      title,
    );
  }
  console.log(`${title}\nbranch ${branch}, changeset bump ${bump}; pull request body in ${prBody}`);
  output({ changed: 'true', generated: String(generated), branch, bump, title });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
