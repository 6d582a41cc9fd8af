import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', core: 'src/core/index.ts' };

export default defineConfig([
  { entry, format: ['esm'], dts: true, target: 'node20', clean: true },
  // openapi-fetch's CommonJS build sets exports.default without __esModule, which breaks default-import
  // interop from CJS; bundling it into the CJS build sidesteps that.
  // splitting: index.cjs and core.cjs share one chunk, so their classes are the same (instanceof works across entries).
  { entry, format: ['cjs'], dts: true, target: 'node20', noExternal: ['openapi-fetch'], splitting: true },
]);
