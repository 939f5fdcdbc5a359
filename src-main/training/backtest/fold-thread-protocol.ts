import type { FoldItemOutcome, FoldProgress, FoldWorkItem } from './fold-work'

/** Messages between the thread runner and a fold thread (structured clone: typed arrays stay typed). */
export type ToFoldThread = { type: 'run'; item: FoldWorkItem } | { type: 'cancel' }

export type FromFoldThread =
  | { type: 'progress'; progress: FoldProgress }
  | { type: 'done'; outcome: FoldItemOutcome }
  | { type: 'cancelled' }
  | { type: 'failed'; code: string; message: string }
