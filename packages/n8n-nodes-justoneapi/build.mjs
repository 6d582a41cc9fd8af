// Generates the nodes from the catalog (tools/generate.mjs), then bundles to CommonJS in dist/:
//   dist/nodes/shared/node.js        the shared runtime (execution, transport, errors) with our SDK core compiled in
//   dist/nodes/<Class>/<Class>.node.js  one small file per platform node: its versions' parameters, requiring ../shared/node
//   dist/credentials/JustOneApi.credentials.js
// n8n-workflow stays external (n8n provides it). Icons and codex files are copied next to each node.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';

execFileSync(process.execPath, ['tools/generate.mjs'], { stdio: 'inherit' });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const nodes = pkg.n8n.nodes.map((file) => /^dist\/nodes\/(\w+)\/\1\.node\.js$/.exec(file)[1]);

rmSync('dist', { recursive: true, force: true });
const common = {
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['n8n-workflow'],
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: {
    'credentials/JustOneApi.credentials': 'credentials/JustOneApi.credentials.ts',
    'nodes/shared/node': 'nodes/shared/node.ts',
  },
});
// Node files keep `require("../shared/node")`: the shared runtime is loaded once, not once per platform.
const sharedRuntime = {
  name: 'shared-runtime',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/shared\/node$/ }, () => ({ path: '../shared/node', external: true }));
  },
};
await build({
  ...common,
  entryPoints: Object.fromEntries(nodes.map((c) => [`nodes/${c}/${c}.node`, `nodes/${c}/${c}.node.ts`])),
  plugins: [sharedRuntime],
});
// The credential reads its icon from dist/nodes/icons; each node gets only its own icon next to it
// (a platform's, or the Just One API icon for a node without one: the trigger).
cpSync('nodes/icons', 'dist/nodes/icons', { recursive: true });
for (const c of nodes) {
  cpSync(`nodes/generated/${c}.node.json`, `dist/nodes/${c}/${c}.node.json`);
  const id = c.charAt(0).toLowerCase() + c.slice(1);
  const icon = existsSync(`nodes/icons/${id}.svg`) ? id : 'justoneapi';
  for (const f of [`${icon}.svg`, `${icon}.dark.svg`]) cpSync(`nodes/icons/${f}`, `dist/nodes/${c}/${f}`);
}
