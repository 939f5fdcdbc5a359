/**
 * A build guard: the preload and the renderer must not bundle zod (the contract's schemas stay in
 * the main process; the renderer imports their types only). The lint rule stops direct imports;
 * this catches a transitive one too, by the modules that actually landed in the output.
 */

/** The npm package a bundled module comes from (`zod`, `@scope/name`), or null for our own code. */
export function packageOf(moduleId: string): string | null {
  const path = moduleId.replace(/\\/g, '/')
  const at = path.lastIndexOf('/node_modules/')
  if (at === -1) return null
  const [first, second] = path.slice(at + '/node_modules/'.length).split('/')
  return first.startsWith('@') ? `${first}/${second}` : first
}

interface OutputChunkLike {
  type: 'chunk' | 'asset'
  fileName: string
  moduleIds?: readonly string[]
  modules?: Record<string, unknown>
}

/** What each output file bundles of the `forbidden` packages. */
export function forbiddenModules(
  bundle: Record<string, OutputChunkLike>,
  forbidden: readonly string[],
): { fileName: string; pkg: string }[] {
  const found: { fileName: string; pkg: string }[] = []
  for (const chunk of Object.values(bundle)) {
    if (chunk.type !== 'chunk') continue
    const ids = chunk.moduleIds ?? Object.keys(chunk.modules ?? {})
    const packages = new Set(ids.map(packageOf).filter((pkg): pkg is string => pkg !== null))
    for (const pkg of forbidden) if (packages.has(pkg)) found.push({ fileName: chunk.fileName, pkg })
  }
  return found
}

/** A Vite plugin that fails the build of `what` when its output bundles one of `forbidden`. */
export function forbidPackages(what: string, forbidden: readonly string[]) {
  return {
    name: 'voisin:forbid-packages',
    generateBundle(
      this: { error(message: string): never },
      _options: unknown,
      bundle: Record<string, OutputChunkLike>,
    ) {
      const found = forbiddenModules(bundle, forbidden)
      if (found.length > 0) {
        this.error(
          `The ${what} must not bundle ${found.map((f) => `${f.pkg} (in ${f.fileName})`).join(', ')}: ` +
            'import types only (`import type`) or the plain modules of src-main/shared (see eslint.config.mjs).',
        )
      }
    },
  }
}
