import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { forbidPackages } from './src-main/build/forbid-packages'
import { threadChunkName } from './src-main/packaging/thread-chunk'

const parseThread = resolve('src-main/data/import/parse-thread.ts')
// the engine's threads: one training's shards, and the work pool's items (sweeps, backtest folds)
const engineThreads = [
  resolve('src-main/engine/parallel/shard-thread.ts'),
  resolve('src-main/jobs/pool/pool-thread.ts'),
]

// Three roots (main, preload, renderer) plus extra Node entries built next to main: the
// background worker (training, imports), the CLI and the threads they start. The renderer root is explicit
// because electron-vite only auto-discovers src/renderer.
export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve('src-main/electron/main.ts'),
          // the backend as its own file of a stable name, so the e2e harness and a unit test can load
          // exactly the code the Electron main process runs (e2e/harness/browser-backend.ts)
          'create-backend': resolve('src-main/backend/create-backend.ts'),
          worker: resolve('src-main/jobs/worker-entry.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'parse-thread': parseThread,
          'shard-thread': engineThreads[0],
          'pool-thread': engineThreads[1],
        },
      },
      // Everything the parse thread loads goes into one chunk named `parse-thread-shared-<hash>.js`
      // (the other entries load it too), and what the engine's threads load besides into
      // `engine-thread-shared-<hash>.js`, so electron-builder can unpack the threads and all they need
      // by name: worker threads cannot load scripts from app.asar (electron-builder.yml, asarUnpack).
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: threadChunkName(parseThread, 'parse-thread-shared') },
              { name: threadChunkName(engineThreads, 'engine-thread-shared') },
            ],
          },
        },
      },
    },
  },
  preload: {
    // Object form so the output is out/preload/index.js. A sandboxed preload cannot require()
    // packages, so whatever it imports is bundled in: it imports only the zod-free shared modules,
    // and the build fails if zod slips in.
    build: { lib: { entry: { index: resolve('src-main/electron/preload.ts') } } },
    plugins: [forbidPackages('preload', ['zod'])],
  },
  renderer: {
    root: resolve('src-renderer'),
    build: { rolldownOptions: { input: resolve('src-renderer/index.html') } },
    plugins: [vue(), forbidPackages('renderer', ['zod'])],
  },
})
