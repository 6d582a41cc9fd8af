// Lints what npm would publish (dist/**/*.js and package.json) with n8n's community-node rules, as
// n8n's verification scanner (@n8n/scan-community-package) does with the published tarball: the
// bundled SDK core must not bring in `process`, `globalThis`, timers or a runtime `require`.
// `n8n-node lint` covers only the TypeScript sources.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The ESLint and rule plugin that @n8n/node-cli itself uses.
const cli = realpathSync(join(process.cwd(), 'node_modules', '@n8n', 'node-cli'));
const require = createRequire(join(dirname(cli), 'noop.js'));
const { ESLint } = require('eslint');
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
const tseslint = require('typescript-eslint');

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['dist/**/*.js'],
      languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
      ...n8nCommunityNodesPlugin.configs.recommended,
    },
    {
      files: ['package.json'],
      languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
      ...n8nCommunityNodesPlugin.configs.recommended,
    },
  ],
});
const results = await eslint.lintFiles(['dist/**/*.js', 'package.json']);
const formatter = await eslint.loadFormatter('stylish');
const text = await formatter.format(results);
const errors = results.reduce((n, r) => n + r.errorCount, 0);
console.log(text || `dist lint: ${results.length} files, 0 problems`);
process.exit(errors ? 1 : 0);
