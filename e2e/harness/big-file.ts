import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

/**
 * Writes a synthetic 8-second export of about `megabytes` MB (layout L1), large enough that an
 * analysis takes seconds: the cancel test needs a job that is still running when it clicks.
 */
export async function writeBigExport(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('home_id,day,ts,p_cons,p_prod,p_tot\n')
  const start = Date.UTC(2023, 0, 1)
  let lines: string[] = []
  let written = 0
  for (let i = 0; written < megabytes * 1e6; i++) {
    const t = new Date(start + i * 8000).toISOString().replace('T', ' ').replace('.000Z', '+00:00')
    const cons = (300 + 200 * Math.sin(i / 500)).toFixed(3)
    lines.push(`SYN001,${t.slice(0, 10)},${t},${cons},0.0,${cons}`)
    if (lines.length === 10_000) {
      const block = lines.join('\n') + '\n'
      written += block.length
      if (!out.write(block)) await once(out, 'drain')
      lines = []
    }
  }
  out.end()
  await once(out, 'finish')
}
