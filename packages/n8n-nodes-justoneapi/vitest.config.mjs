import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // n8n-core's ErrorReporter echoes the stack of every node error the tests provoke on purpose;
    // the same error objects are scanned for the token in test/node.test.ts. n8n's logger prints the
    // node's retry lines (asserted in e2e/cases.mjs).
    onConsoleLog: (log) => !/^(NodeApiError|NodeOperationError)\b|^Just One API .*: retry \d/.test(log),
  },
});
