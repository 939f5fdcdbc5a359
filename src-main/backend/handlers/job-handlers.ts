import { basename } from 'node:path'
import type { BackendContext, Handlers } from '../context'

export function jobHandlers(
  context: BackendContext,
): Pick<Handlers, 'job:start' | 'job:cancel' | 'job:list'> {
  return {
    'job:start': async (request) => {
      switch (request.kind) {
        case 'analyse-file':
          return context.jobs.start(
            'analyse-file',
            request.params,
            `Analyse ${basename(request.params.path)}`,
          )
        case 'import':
          return context.jobs.start(
            'import',
            request.params,
            request.params.paths.length === 1
              ? `Import ${basename(request.params.paths[0])}`
              : `Import ${request.params.paths.length} files`,
          )
      }
    },
    'job:cancel': async ({ jobId }) => context.jobs.cancel(jobId),
    'job:list': async () => context.jobs.list(),
  }
}
