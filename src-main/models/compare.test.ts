import { describe, expect, it } from 'vitest'
import { compareManifests } from './compare'
import type { ModelManifest } from './manifest'
import { toModelSummary, type ModelRow } from './model-store'
import { trainedTestModel } from './test-model'

const entry = (id: number, manifest: ModelManifest) => {
  const row = {
    id,
    run_id: null,
    dataset_id: 1,
    name: `m${id}`,
    engine: manifest.engine,
    notes: '',
    manifest_json: JSON.stringify(manifest),
    weights: null,
    created_at: '',
    imported_from: null,
    imported_at: null,
  } satisfies ModelRow
  return { summary: toModelSummary(row), manifest }
}

describe('compareManifests', async () => {
  const { manifest } = await trainedTestModel('scratch')

  it('overlays models of one dataset and lists only the settings that differ', () => {
    const other: ModelManifest = { ...manifest, params: { ...manifest.params, learningRate: 0.02 }, seed: 5 }
    const c = compareManifests([entry(1, manifest), entry(2, other)])
    expect(c.configDiff).toEqual([
      { setting: 'learning rate', values: ['0.01', '0.02'] },
      { setting: 'seed', values: ['1', '5'] },
    ])
    expect([c.sameDataset, c.sameResolution, c.sameHorizon]).toEqual([true, true, true])
    expect(c.notComparable).toEqual([])
    expect(c.common!.t).toEqual(manifest.testSeries!.t)
  })

  it('lists the precision and the threads when they differ (older models: float64 on one thread)', () => {
    const f32: ModelManifest = { ...manifest, precision: 'float32', threads: 2 }
    const before: ModelManifest = { ...manifest, precision: undefined, threads: undefined }
    const c = compareManifests([entry(1, before), entry(2, f32)])
    expect(c.configDiff).toEqual([
      { setting: 'precision', values: ['float64', 'float32'] },
      { setting: 'threads', values: ['1', '2'] },
    ])
  })

  it('explains what cannot be compared across households, resolutions and horizons', () => {
    const elsewhere: ModelManifest = {
      ...manifest,
      dataset: { ...manifest.dataset, home: 'CDB008', id: 7 },
      intervalSeconds: 3600,
      resolution: '1h',
      window: { ...manifest.window, predSize: 4 },
    }
    const c = compareManifests([entry(1, manifest), entry(2, elsewhere)])
    expect([c.sameDataset, c.sameResolution, c.sameHorizon]).toEqual([false, false, false])
    expect(c.common).toBeNull()
    expect(c.notComparable).toHaveLength(3)
    expect(c.notComparable[0]).toMatch(/different households \(SYN001, CDB008\)/)
    expect(c.notComparable[1]).toMatch(/resolutions differ \(900 s, 3600 s\)/)
    expect(c.notComparable[2]).toMatch(/different numbers of steps \(2, 4\)/)
    expect(c.configDiff.map((r) => r.setting)).toEqual(
      expect.arrayContaining(['household', 'resolution', 'predSize']),
    )
  })
})
