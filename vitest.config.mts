import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // numerical tests (gradient checks, TensorFlow.js agreement) can take a few seconds on 2 cores
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
