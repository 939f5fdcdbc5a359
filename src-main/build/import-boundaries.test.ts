import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// The renderer and the preload must not bundle zod: the renderer imports from src-main only types
// and the plain modules. These lint the repository's own ESLint config against small snippets, so
// the rule is seen to bite (and to let the allowed forms through).
const root = resolve(__dirname, '../..')
let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

async function restrictedImports(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.fatal)
    .map((m) => m.message)
}

const store = 'src-renderer/src/stores/example.ts'
const shared = '../../../src-main/shared'

describe('the renderer import boundary', () => {
  it('refuses values from the zod modules of src-main/shared', async () => {
    for (const code of [
      `import { calls } from '${shared}/contract'\nexport const c = calls`,
      `import { ModelSummary } from '${shared}/model-schemas'\nexport const m = ModelSummary`,
      `import { TrainingParams, type TrainingRequest } from '${shared}/training-params'\nexport const t: TrainingRequest | typeof TrainingParams = TrainingParams`,
      `export { calls } from '${shared}/contract'`,
    ]) {
      expect(await restrictedImports(code, store), code).toEqual([expect.stringMatching(/only types/)])
    }
  })

  it('refuses zod itself and anything of src-main outside shared/, even as a type', async () => {
    expect(await restrictedImports(`import { z } from 'zod'\nexport const s = z.string()`, store)).toEqual([
      expect.stringMatching(/zod stays in the main process/),
    ])
    expect(
      await restrictedImports(
        `import type { Library } from '../../../src-main/db/library'\nexport type L = Library`,
        store,
      ),
    ).toEqual([expect.stringMatching(/only shared/)])
  })

  it('applies to Vue components too', async () => {
    const component = `<script setup lang="ts">\nimport { calls } from '../../../src-main/shared/contract'\nconst c = calls\n</script>\n<template><p>{{ c }}</p></template>\n`
    expect(await restrictedImports(component, 'src-renderer/src/views/Example.vue')).toEqual([
      expect.stringMatching(/only types/),
    ])
  })

  it('lets through types, and values from the plain modules', async () => {
    const code = [
      `import type { Api, JobInfo } from '${shared}/contract'`,
      `import { type ModelSummary } from '${shared}/model-schemas'`,
      `import { MAX_FORECAST_STEPS, rendererCalls } from '${shared}/channels'`,
      `import { TRAINING_PRESETS } from '${shared}/training-presets'`,
      `export const x: [Api?, JobInfo?, ModelSummary?] = []`,
      `export const y = [MAX_FORECAST_STEPS, rendererCalls, TRAINING_PRESETS]`,
    ].join('\n')
    expect(await restrictedImports(code, store)).toEqual([])
  })
})

describe('the plain modules', () => {
  it('stay plain: no zod, no value from a zod module', async () => {
    const file = 'src-main/shared/channels.ts'
    expect(await restrictedImports(`import { z } from 'zod'\nexport const s = z.string()`, file)).toEqual([
      expect.stringMatching(/carry no zod/),
    ])
    expect(
      await restrictedImports(`import { calls } from './contract'\nexport const c = calls`, file),
    ).toEqual([expect.stringMatching(/only types/)])
    expect(
      await restrictedImports(
        `import type { CallChannel } from './contract'\nimport { TRAINING_DEFAULTS } from './training-defaults'\nexport const c: CallChannel[] = []\nexport const d = TRAINING_DEFAULTS`,
        file,
      ),
    ).toEqual([])
  })
})
