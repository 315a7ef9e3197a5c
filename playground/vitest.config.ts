import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the playground in headless Chromium (kept out of the main suite, which has no browser).
export default defineConfig({
  test: {
    include: ['playground/test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
