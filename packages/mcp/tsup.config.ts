import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// One CommonJS file with a shebang: the `justoneapi-mcp` bin. Dependencies (the SDK, the sandbox, the
// MCP SDK) stay external, as in the CLI.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['cjs'],
  target: 'node20',
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { __MCP_VERSION__: JSON.stringify(version) },
});
