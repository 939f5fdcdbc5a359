/**
 * The one contract for everything that crosses the process boundary (renderer ⇄ main).
 * Calls are request → response; events flow main → renderer. Channel names are `domain:action`.
 * Every request is validated against its schema before a service sees it. No channel string
 * appears anywhere else: adapters iterate `calls` / `events`, and the renderer uses the typed
 * `Api` derived below (imported with `import type`).
 */
import { z } from 'zod'
import type { Result } from './result'

const Empty = z.object({}).strict()
/** a row id in the library */
const Id = z.number().int().positive()
const FilePath = z.string().min(1).max(4096)

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  dataDir: z.string(),
  platform: z.string(),
  node: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const JobKind = z.enum(['analyse-file'])
export type JobKind = z.infer<typeof JobKind>

export const AnalyseFileParams = z.object({ path: FilePath }).strict()
export type AnalyseFileParams = z.infer<typeof AnalyseFileParams>

export const AnalyseFileResult = z.object({
  path: z.string(),
  bytes: z.number(),
  lines: z.number(),
  rows: z.number(),
  header: z.array(z.string()),
  columns: z.array(
    z.object({
      name: z.string(),
      empty: z.number(),
      numeric: z.number(),
      min: z.number().nullable(),
      max: z.number().nullable(),
    }),
  ),
})
export type AnalyseFileResult = z.infer<typeof AnalyseFileResult>

export const JobStartRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('analyse-file'), params: AnalyseFileParams }).strict(),
])
export type JobStartRequest = z.infer<typeof JobStartRequest>

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type JobStatus = z.infer<typeof JobStatus>

export const JobInfo = z.object({
  jobId: z.string(),
  kind: JobKind,
  label: z.string(),
  status: JobStatus,
  /** 0..1, or null while the total is unknown */
  fraction: z.number().nullable(),
  message: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type JobInfo = z.infer<typeof JobInfo>

export const OpenFilesRequest = z
  .object({
    title: z.string().max(200).optional(),
    multiple: z.boolean().optional(),
    filters: z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).optional(),
  })
  .strict()

/** request → response pairs, keyed by channel */
export const calls = {
  'app:info': { request: Empty, response: AppInfo },
  'dialog:openFiles': { request: OpenFilesRequest, response: z.object({ paths: z.array(z.string()) }) },
  'job:start': { request: JobStartRequest, response: JobInfo },
  'job:cancel': { request: z.object({ jobId: z.string().min(1).max(100) }).strict(), response: JobInfo },
  'job:list': { request: Empty, response: z.array(JobInfo) },
} as const

/** main → renderer events, keyed by channel */
export const events = {
  /** a job changed state or reported progress (throttled by the job runner) */
  'job:updated': JobInfo,
} as const

export type CallChannel = keyof typeof calls
export type EventChannel = keyof typeof events
export type CallRequest<C extends CallChannel> = z.input<(typeof calls)[C]['request']>
export type CallResponse<C extends CallChannel> = z.infer<(typeof calls)[C]['response']>
export type EventPayload<E extends EventChannel> = z.infer<(typeof events)[E]>

export const callChannels = Object.keys(calls) as CallChannel[]
export const eventChannels = Object.keys(events) as EventChannel[]

// ---- the typed `window.api` derived from the channels: api.<domain>.<action>(request) ----

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type ActionOf<C extends string, D extends string> = C extends `${D}:${infer A}` ? A : never

export type Api = {
  [D in DomainOf<CallChannel>]: {
    [C in CallChannel as ActionOf<C, D>]: (request: CallRequest<C>) => Promise<Result<CallResponse<C>>>
  }
} & {
  /** subscriptions: api.on.<domain>.<event>(listener) returns an unsubscribe function */
  on: {
    [D in DomainOf<EventChannel>]: {
      [E in EventChannel as ActionOf<E, D>]: (listener: (payload: EventPayload<E>) => void) => () => void
    }
  }
  /** the file-system path of a dropped file; only inside Electron (a browser gives no paths) */
  pathForFile?: (file: File) => string
}

export { Id as IdSchema }
