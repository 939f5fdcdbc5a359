import { describe, expect, it } from 'vitest'
import { flagWords } from './flag-words'

describe('flags in words', () => {
  it('says each flag in a few words, with its explanation', () => {
    expect(flagWords('left-out').text).toBe('left out of the total')
    expect(flagWords('zero-runs').help).toContain('outages')
    expect(flagWords('something-new').text).toBe('something new')
  })
})
