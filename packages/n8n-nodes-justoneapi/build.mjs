// Bundles the node and credential to CommonJS in dist/ with our SDK core compiled in
// (n8n-workflow stays external: n8n provides it), then copies icons and the codex file.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: {
    'credentials/JustOneApi.credentials': 'credentials/JustOneApi.credentials.ts',
    'nodes/Xiaohongshu/Xiaohongshu.node': 'nodes/Xiaohongshu/Xiaohongshu.node.ts',
  },
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['n8n-workflow'],
  logLevel: 'warning',
});
for (const f of ['xiaohongshu.svg', 'xiaohongshu.dark.svg', 'Xiaohongshu.node.json']) {
  cpSync(`nodes/Xiaohongshu/${f}`, `dist/nodes/Xiaohongshu/${f}`);
}
