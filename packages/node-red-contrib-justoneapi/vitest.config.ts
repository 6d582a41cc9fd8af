import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The package name, as build.mjs defines it for the runtime bundle (the i18n namespace follows it).
const { name } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __PACKAGE_NAME__: JSON.stringify(name) },
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
