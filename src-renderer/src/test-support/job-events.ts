/** What the stores' tests need to play the backend's job events (the `on.job.updated` half of the bridge). */
import type { JobInfo } from '../../../src-main/shared/contract'

/** A running job of `kind`, with `patch` applied (a later state of the same job). */
export function jobInfo(kind: JobInfo['kind'], label: string, patch: Partial<JobInfo> = {}): JobInfo {
  // the patch may carry a partial result or progress: enough for the store under test
  return {
    jobId: 'j1',
    kind,
    label,
    status: 'running',
    fraction: null,
    message: '',
    startedAt: 1,
    endedAt: null,
    ...patch,
  } as JobInfo
}

/** A stand-in for `window.api.on` whose `emit` delivers a job update to the store that subscribed. */
export function jobEvents() {
  let listener: (info: JobInfo) => void = () => undefined
  return {
    on: {
      job: { updated: (subscriber: (info: JobInfo) => void) => ((listener = subscriber), () => undefined) },
    },
    emit: (info: JobInfo) => listener(info),
  }
}
