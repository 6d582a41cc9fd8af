// Size of what the package ships and of what n8n sends to the editor, against stated budgets.
// The editor receives every node version's description (and n8n adds an AI tool variant of each):
// that JSON grows with the operations, so its budget is a fixed part per node plus a part per operation.
// Usage: node tools/size.mjs           print and enforce (the package's test runs it after the build)
//        import { measure } from './size.mjs'   (bench/run.mjs prints the same figures)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export const BUDGETS = {
  /** dist/ (runtime, credential, icons): fixed part plus per operation (its parameters, as JSON). */
  distFixedBytes: 100_000,
  distPerOperationBytes: 4_000,
  /** Node descriptions sent to the editor (all versions, without the tool variants n8n derives). */
  editorFixedBytesPerNodeVersion: 6_000,
  editorPerOperationBytes: 2_500,
};

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function measure() {
  const files = walk(join(root, 'dist'));
  const dist = files.reduce((n, f) => n + statSync(f).size, 0);
  const distGzip = files.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { documentedOperations } = require('@justoneapi/sdk/core');
  let editor = 0;
  let editorGzip = 0;
  let versions = 0;
  let operations = 0; // operations offered across all shipped versions
  const perNode = [];
  for (const file of pkg.n8n.nodes) {
    const cls = /(\w+)\.node\.js$/.exec(file)[1];
    const type = new (require(join(root, file))[cls])();
    for (const [v, t] of Object.entries(type.nodeVersions ?? { 1: type })) {
      const json = JSON.stringify(t.description);
      const offered = t.description.properties
        .filter((p) => p.name === 'operation')
        .reduce((n, p) => n + (p.options?.length ?? 0), 0);
      editor += json.length;
      editorGzip += gzipSync(json).length;
      versions++;
      operations += offered;
      perNode.push({ node: `${type.description.name} v${v}`, operations: offered, bytes: json.length });
    }
  }
  return {
    catalogOperations: documentedOperations.length,
    dist,
    distGzip,
    editor,
    editorGzip,
    versions,
    operations,
    perNode,
    budget: {
      dist: BUDGETS.distFixedBytes + BUDGETS.distPerOperationBytes * operations,
      editor:
        BUDGETS.editorFixedBytesPerNodeVersion * versions + BUDGETS.editorPerOperationBytes * operations,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measure();
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  for (const n of m.perNode)
    console.log(`  ${n.node}: ${n.operations} operations, ${kb(n.bytes)} description`);
  console.log(
    `dist/: ${kb(m.dist)} (${kb(m.distGzip)} gzip), budget ${kb(m.budget.dist)}\n` +
      `editor descriptions: ${kb(m.editor)} (${kb(m.editorGzip)} gzip) for ${m.versions} node versions offering ${m.operations} operations, budget ${kb(m.budget.editor)}`,
  );
  const over = [
    m.dist > m.budget.dist && 'dist/',
    m.editor > m.budget.editor && 'editor descriptions',
  ].filter(Boolean);
  if (over.length) {
    console.error(`Over budget: ${over.join(', ')} (see BUDGETS in tools/size.mjs and the README)`);
    process.exit(1);
  }
}
