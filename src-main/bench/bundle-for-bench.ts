/**
 * Bundles a benchmark's entry with esbuild, next to a bundle of the import's parse thread, so the measured
 * code runs as the app ships it: plain bundled JavaScript (electron-vite bundles the main process the same
 * way), its parse threads started from their own bundle (start-parse-thread.ts looks for `parse-thread.js`
 * next to the running code). Under tsx every new thread would transpile its modules again at startup,
 * which costs this machine 0.2–0.4 s per import and the app nothing.
 */
import { buildSync } from 'esbuild'
import { join, resolve } from 'node:path'

/** The bundled entry's path (in node_modules/.cache/voisin-bench, where `sqlite3` resolves as usual). */
export function bundleForBench(entry: string, name: string): string {
  const outdir = resolve(__dirname, '../../node_modules/.cache/voisin-bench')
  buildSync({
    entryPoints: { [name]: entry, 'parse-thread': resolve(__dirname, '../data/import/parse-thread.ts') },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    // a native addon, loaded from node_modules as the packaged app loads it; esbuild: this file's own import
    external: ['sqlite3', 'esbuild'],
    logLevel: 'warning',
  })
  return join(outdir, `${name}.js`)
}
