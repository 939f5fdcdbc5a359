import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// Three roots (main, preload, renderer) plus extra Node entries built next to main: the
// background worker (training, imports), the CLI and the threads they start. The renderer root is explicit
// because electron-vite only auto-discovers src/renderer.
export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve('src-main/electron/main.ts'),
          worker: resolve('src-main/jobs/worker-entry.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'parse-thread': resolve('src-main/data/import/parse-thread.ts'),
          // the engine's threads: one training's shards, and the work pool's items
          'shard-thread': resolve('src-main/engine/parallel/shard-thread.ts'),
          'pool-thread': resolve('src-main/jobs/pool/pool-thread.ts'),
        },
      },
    },
  },
  preload: {
    // Object form so the output is out/preload/index.js. zod is a devDependency, so it is
    // bundled in: a sandboxed preload cannot require() packages.
    build: { lib: { entry: { index: resolve('src-main/electron/preload.ts') } } },
  },
  renderer: {
    root: resolve('src-renderer'),
    build: { rolldownOptions: { input: resolve('src-renderer/index.html') } },
    plugins: [vue()],
  },
})
