import { describe, expect, it } from 'vitest'
import { forbiddenModules, forbidPackages, packageOf } from './forbid-packages'

describe('packageOf', () => {
  it('names the package a bundled module comes from, or null for our own code', () => {
    expect(packageOf('/app/node_modules/zod/v4/core/schemas.js')).toBe('zod')
    expect(packageOf('C:\\app\\node_modules\\zod\\index.js')).toBe('zod')
    expect(packageOf('/app/node_modules/@vue/runtime-core/dist/x.js')).toBe('@vue/runtime-core')
    expect(packageOf('/app/node_modules/a/node_modules/zod/index.js')).toBe('zod')
    expect(packageOf('/app/src-main/shared/zod-free.ts')).toBeNull()
  })
})

describe('forbidPackages', () => {
  const bundle = {
    'index.js': {
      type: 'chunk' as const,
      fileName: 'index.js',
      moduleIds: ['/app/src-main/electron/preload.ts', '/app/node_modules/zod/v4/classic/schemas.js'],
    },
    'style.css': { type: 'asset' as const, fileName: 'style.css' },
    'view.js': {
      type: 'chunk' as const,
      fileName: 'view.js',
      modules: { '/app/node_modules/vue/index.js': {} },
    },
  }

  it('finds the forbidden packages in the output chunks', () => {
    expect(forbiddenModules(bundle, ['zod'])).toEqual([{ fileName: 'index.js', pkg: 'zod' }])
    expect(forbiddenModules(bundle, ['chart.js'])).toEqual([])
  })

  it('fails the build, naming the package and the file', () => {
    const plugin = forbidPackages('preload', ['zod'])
    const context = {
      error: (message: string): never => {
        throw new Error(message)
      },
    }
    expect(() => plugin.generateBundle.call(context, {}, bundle)).toThrow(
      /The preload must not bundle zod \(in index\.js\)/,
    )
    expect(() => plugin.generateBundle.call(context, {}, { 'view.js': bundle['view.js'] })).not.toThrow()
  })
})
