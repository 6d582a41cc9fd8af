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
    // n8n-core's ErrorReporter echoes the stack of every node error the tests provoke on purpose;
    // the same error objects are scanned for the token in test/node.test.ts. n8n's logger prints the
    // node's retry lines (asserted in e2e/cases.mjs).
    onConsoleLog: (log) => !/^(NodeApiError|NodeOperationError)\b|^Just One API .*: retry \d/.test(log),
  },
});
