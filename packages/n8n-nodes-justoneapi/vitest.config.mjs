import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One n8n-workflow, the CommonJS build n8n-core requires (as in n8n, which loads nodes with
    // require): otherwise the tests' ESM copy would be a second instance (instanceof across copies).
    alias: [{ find: /^n8n-workflow$/, replacement: createRequire(import.meta.url).resolve('n8n-workflow') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // n8n's ErrorReporter and logger echo every error and retry the tests provoke on purpose. The token
    // test in test/node.test.ts captures and scans that console output itself.
    onConsoleLog: () => false,
  },
});
