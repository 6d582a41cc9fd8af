// Generates the n8n nodes from the catalog, for every platform in documentedPlatforms:
//   nodes/released/<platform>.v<N>.json    the parameters of each released version N: frozen, checked in
//   nodes/generated/<platform>.v<N>.json   the parameters of the current version (build output, not checked in)
//   nodes/<Class>/<Class>.node.ts          the node class (all versions the package ships; build output)
//   nodes/icons/<platform>(.dark).svg      the node's icon (tools/icons.mjs: colour and mark from the catalog;
//                                          build output, only the Just One API icon is checked in)
//   nodes/generated/<Class>.node.json      the codex: categories and aliases (English and Chinese names) for the node panel's search
//   package.json > n8n.nodes               the node list n8n loads (checked in)
// and fails when the catalog changed a released version's parameters (bump "current" in nodes/versions.json).
// Usage: node tools/generate.mjs          write (build runs this)
//        node tools/generate.mjs --check  write nothing; fail on any difference in what is checked in
//                                         (scripts/check-generated.mjs runs this before any build)
//        node tools/generate.mjs --release  mark every current version released and freeze its snapshot
//                                         in nodes/released (the release job runs this)
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformIcons } from './icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv.includes('--check')
  ? 'check'
  : process.argv.includes('--release')
    ? 'release'
    : 'write';

// The generator is TypeScript (nodes/shared/properties.ts, versioning.ts) over the SDK's catalog: bundle it once.
const out = join(tmpdir(), `n8n-justoneapi-generator-${process.pid}.cjs`);
await build({
  stdin: {
    contents: `export { offered, platformProperties } from './nodes/shared/properties';
export { triggerProperties } from './nodes/shared/trigger-properties';
export { versionProblems, versionPlan, canonical, withMinors, newestVersion } from './nodes/shared/versioning';
export { documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';`,
    resolveDir: root,
    loader: 'ts',
  },
  // The SDK's sources, not its dist: the check runs before any build (scripts/check-generated.mjs).
  alias: { '@justoneapi/sdk/core': join(root, '..', 'sdk', 'src', 'core', 'index.ts') },
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  external: ['n8n-workflow'],
  logLevel: 'error',
});
const gen = createRequire(import.meta.url)(out);
rmSync(out, { force: true });

const versionsFile = join(root, 'nodes', 'versions.json');
const versions = JSON.parse(readFileSync(versionsFile, 'utf8'));
const generatedDir = join(root, 'nodes', 'generated');
const releasedDir = join(root, 'nodes', 'released');
/** Checked-in files (compared by --check); the others are build output. */
const checkedIn = new Set();
/** Each version's snapshot on disk: released ones from nodes/released, the current one from nodes/generated. */
function readSnapshots(id) {
  const snapshots = {};
  for (const dir of [generatedDir, releasedDir]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const m = new RegExp(`^${id}\\.v(\\d+)\\.json$`).exec(f);
      if (m) snapshots[Number(m[1])] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    }
  }
  return snapshots;
}
const isReleased = (v, n) => (v.released ?? []).includes(n);
let versionsChanged = false;
/**
 * Versions follow the change (write mode): an additive change to a released current version extends its
 * frozen snapshot; one that saved workflows would start sending adds a minor version (2.1) whose new
 * fields show only from it on; a breaking one adds a version (nodes/versions.json written here, never by
 * hand). The trigger ships no minor versions (trigger.ts): such a change adds a version to it.
 */
function follow(id, v, properties, snapshots, { minors = true } = {}) {
  if (mode !== 'write') return v;
  const plan = gen.versionPlan(v, properties, snapshots, { minors });
  if (plan.action === 'extend' || plan.action === 'minor') {
    const next = plan.action === 'minor' ? plan.versions : v;
    const frozen = gen.withMinors(properties, next, plan.version, snapshots[plan.version]);
    expected.set(join(releasedDir, `${id}.v${plan.version}.json`), json(frozen));
    snapshots[plan.version] = frozen;
  }
  if (plan.action === 'extend')
    console.log(`n8n ${id} v${plan.version}: additive change, the released version takes it`);
  if (plan.action === 'minor') {
    versions[id] = plan.versions;
    versionsChanged = true;
    console.log(
      `n8n ${id} v${plan.minor}: a minor version for fields that would change what saved workflows send (${Object.entries(
        plan.versions.minors[String(plan.minor)],
      )
        .map(([op, f]) => `${op}: ${f.join(', ')}`)
        .join('; ')}); v${plan.version} workflows send what they sent`,
    );
    return plan.versions;
  }
  if (plan.action === 'bump') {
    versions[id] = plan.versions;
    versionsChanged = true;
    console.log(
      `n8n ${id}: breaking change, new version ${plan.versions.current}; v${v.current} stays frozen`,
    );
    return plan.versions;
  }
  return v;
}
/** The codex's nodeVersion: "2.0", "2.1". */
const codexVersion = (v) => gen.newestVersion(v).toFixed(1);
/** Where a shipped version's parameters are imported from, relative to a node class file. */
const snapshotImport = (v, id, n) => `../${isReleased(v, n) ? 'released' : 'generated'}/${id}.v${n}.json`;
/** In --release mode, the current version's snapshot frozen into nodes/released. */
function freeze(id, v, properties) {
  if (mode !== 'release') return;
  const file = join(releasedDir, `${id}.v${v.current}.json`);
  if (!existsSync(file)) {
    expected.set(file, json(properties));
    checkedIn.add(file);
  }
}
const json = (v) => `${JSON.stringify(v, null, 2)}\n`;
export const pascal = (id) =>
  id.replace(/(^|[-_])(\w)/g, (_, __, c) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase());

const expected = new Map(); // path -> content
const icons = platformIcons(gen.documentedPlatforms);
const problems = [];
const nodes = [];
for (const platform of gen.documentedPlatforms) {
  const id = platform.id;
  // A platform whose every operation is deprecated or hidden gets no new node (none was ever released).
  if (gen.offered(gen.documentedOperations, id).length === 0 && !versions[id]) continue;
  let v = versions[id] ?? { current: 1 };
  const properties = gen.platformProperties(platform, gen.documentedOperations);
  if (mode === 'release') {
    freeze(id, v, properties);
    v.released = [...new Set([...(v.released ?? []), v.current])].sort((a, b) => a - b);
    versions[id] = v;
  }
  const snapshots = readSnapshots(id);
  // Being frozen now: nodes/released gets it when this run writes.
  if (mode === 'release') snapshots[v.current] ??= properties;
  v = follow(id, v, properties, snapshots);
  problems.push(...gen.versionProblems(id, v, properties, snapshots));
  const shipped = [...new Set([...(v.released ?? []), v.current])].sort((a, b) => a - b);
  if (!(v.released ?? []).includes(v.current))
    expected.set(join(generatedDir, `${id}.v${v.current}.json`), json(properties));

  const cls = pascal(id);
  const icon = id;
  expected.set(join(root, 'nodes', 'icons', `${id}.svg`), icons.get(id).light);
  expected.set(join(root, 'nodes', 'icons', `${id}.dark.svg`), icons.get(id).dark);
  const imports = shipped.map((n) => `import v${n} from '${snapshotImport(v, id, n)}';`).join('\n');
  expected.set(
    join(root, 'nodes', cls, `${cls}.node.ts`),
    `// Generated by tools/generate.mjs from the catalog: do not edit.
${shipped.some((n) => (v.legacy ?? []).includes(n)) ? "import type { INodeTypeDescription } from 'n8n-workflow';\n" : ''}import { platformNodeType } from '../shared/node';
${imports}

export class ${cls} extends platformNodeType(
  '${id}',
  { ${shipped.map((n) => ((v.legacy ?? []).includes(n) ? `${n}: v${n} as unknown as INodeTypeDescription` : `${n}: v${n} as never`)).join(', ')} },
  '${icon}',
) {}
`,
  );
  expected.set(
    join(generatedDir, `${cls}.node.json`),
    json({
      node: `n8n-nodes-justoneapi.${id}`,
      nodeVersion: codexVersion(v),
      codexVersion: '1.0',
      categories: ['Data & Storage', 'Marketing'],
      resources: {
        credentialDocumentation: [
          {
            url: 'https://github.com/justoneapi/justoneapi-js/tree/main/packages/n8n-nodes-justoneapi#credential',
          },
        ],
        primaryDocumentation: [
          {
            url: 'https://github.com/justoneapi/justoneapi-js/tree/main/packages/n8n-nodes-justoneapi#readme',
          },
        ],
      },
      alias: [...new Set([...platform.aliases, platform.name.en, platform.name.zh, 'Just One API'])],
    }),
  );
  nodes.push({ file: `dist/nodes/${cls}/${cls}.node.js`, cls, id, icon });
}

// The Just One API Trigger: one polling trigger over every paged operation (all platforms), versioned
// like a platform node under the key "justOneApiTrigger" in nodes/versions.json: a released version's
// parameters are frozen in nodes/generated/justOneApiTrigger.v<N>.json; a catalog change that would alter
// them fails here until "current" is bumped.
const trigger = 'JustOneApiTrigger';
const triggerId = 'justOneApiTrigger';
{
  let v = versions[triggerId] ?? { current: 1 };
  const properties = gen.triggerProperties(gen.documentedPlatforms, gen.documentedOperations);
  if (mode === 'release') {
    freeze(triggerId, v, properties);
    v.released = [...new Set([...(v.released ?? []), v.current])].sort((a, b) => a - b);
    versions[triggerId] = v;
  }
  const snapshots = readSnapshots(triggerId);
  // Being frozen now: nodes/released gets it when this run writes.
  if (mode === 'release') snapshots[v.current] ??= properties;
  v = follow(triggerId, v, properties, snapshots, { minors: false });
  problems.push(...gen.versionProblems(triggerId, v, properties, snapshots));
  const shipped = [...new Set([...(v.released ?? []), v.current])].sort((a, b) => a - b);
  if (!(v.released ?? []).includes(v.current))
    expected.set(join(generatedDir, `${triggerId}.v${v.current}.json`), json(properties));
  expected.set(
    join(root, 'nodes', trigger, `${trigger}.node.ts`),
    `// Generated by tools/generate.mjs from the catalog: do not edit.
import { triggerNodeType } from '../shared/node';
${shipped.map((n) => `import v${n} from '${snapshotImport(v, triggerId, n)}';`).join('\n')}

export class ${trigger} extends triggerNodeType({ ${shipped.map((n) => `${n}: v${n} as never`).join(', ')} }) {}
`,
  );
  expected.set(
    join(generatedDir, `${trigger}.node.json`),
    json({
      node: `n8n-nodes-justoneapi.${triggerId}`,
      nodeVersion: codexVersion(v),
      codexVersion: '1.0',
      categories: ['Data & Storage', 'Marketing'],
      resources: {
        primaryDocumentation: [
          {
            url: 'https://github.com/justoneapi/justoneapi-js/tree/main/packages/n8n-nodes-justoneapi#just-one-api-trigger-new-items-of-a-feed-or-a-search',
          },
        ],
      },
      alias: ['Just One API', 'new items', 'poll', 'feed'],
    }),
  );
  nodes.push({
    file: `dist/nodes/${trigger}/${trigger}.node.js`,
    cls: trigger,
    id: triggerId,
    icon: 'justoneapi',
  });
}

const pkgFile = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.n8n.nodes = nodes.map((n) => n.file);
expected.set(pkgFile, json(pkg));
checkedIn.add(pkgFile);
if (mode === 'release' || versionsChanged) {
  expected.set(versionsFile, json(versions));
  checkedIn.add(versionsFile);
}

const stale = [...expected].filter(
  ([file, content]) =>
    (mode !== 'check' || checkedIn.has(file)) &&
    (!existsSync(file) || readFileSync(file, 'utf8') !== content),
);
if (problems.length) {
  console.error(`Node versions:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
if (mode === 'check') {
  if (stale.length) {
    console.error(
      `Generated n8n node files are stale (run \`node tools/generate.mjs\` in packages/n8n-nodes-justoneapi, then commit):\n- ${stale.map(([f]) => f.slice(root.length + 1)).join('\n- ')}`,
    );
    process.exit(1);
  }
  console.log(
    `n8n nodes: ${nodes.length - 1} platform node(s) and the trigger, versions and checked-in generated files up to date`,
  );
} else {
  for (const [file, content] of stale) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  // Snapshots of versions no longer current are dropped (released ones live in nodes/released).
  for (const f of readdirSync(generatedDir)) {
    const m = /^(.+)\.v(\d+)\.json$/.exec(f);
    if (!m) continue;
    const v = versions[m[1]] ?? { current: 1 };
    if (Number(m[2]) !== v.current) rmSync(join(generatedDir, f));
  }
  console.log(
    `n8n nodes: ${nodes.length - 1} platform node(s) and the trigger; wrote ${stale.length} file(s)`,
  );
}
export { nodes };
