import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The SDK's tests run the sandbox from source, and the sandbox's own import of the SDK core is pointed
// at this package's source too: one copy of the core (and its classes), no build cycle between the two.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@justoneapi/sandbox': here('../sandbox/src/index.ts'),
      '@justoneapi/sdk/core': here('./src/core/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
