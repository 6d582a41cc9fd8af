import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per platform (`@justoneapi/sdk/douyin` …), generated into src/generated/platforms.
const platforms = Object.fromEntries(
  readdirSync('src/generated/platforms').map((f) => [f.replace(/\.ts$/, ''), `src/generated/platforms/${f}`]),
);
// runtime: the core without texts (validation, paging, records) for hosts that bundle it into an editor.
const entry = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  runtime: 'src/core/runtime.ts',
  ...platforms,
};

export default defineConfig([
  { entry, format: ['esm'], dts: true, target: 'node20', clean: true, splitting: true },
  // openapi-fetch's CommonJS build sets exports.default without __esModule, which breaks default-import
  // interop from CJS; bundling it into the CJS build sidesteps that.
  // splitting: the CJS entries share chunks, so their classes are the same (instanceof works across entries).
  { entry, format: ['cjs'], dts: true, target: 'node20', noExternal: ['openapi-fetch'], splitting: true },
]);
