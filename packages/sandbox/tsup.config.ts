import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', conformance: 'src/conformance.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    clean: true,
  },
  { entry: { cli: 'src/cli.ts' }, format: ['cjs'], target: 'node20', banner: { js: '#!/usr/bin/env node' } },
]);
