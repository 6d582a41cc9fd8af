import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// One CommonJS file with a shebang: the `justoneapi` bin. The SDK and the sandbox stay external
// (dependencies), so the CLI uses the same copy of the SDK's classes as any code that imports it.
export default defineConfig({
  entry: { cli: 'src/bin.ts' },
  format: ['cjs'],
  target: 'node20',
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { __CLI_VERSION__: JSON.stringify(version) },
  external: ['@justoneapi/sdk', '@justoneapi/sandbox'],
});
