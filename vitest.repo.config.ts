import { defineConfig } from 'vitest/config';

// Repository-level checks (release pipeline, packed tarballs); each package has its own suite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
