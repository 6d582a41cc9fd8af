import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', core: 'src/core/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    clean: true,
    sourcemap: false,
  },
  {
    entry: { cli: 'src/bin.ts' },
    format: ['cjs'],
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: ['@justoneapi/sandbox'],
  },
]);
