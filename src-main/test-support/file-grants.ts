import type { Backend } from '../backend/create-backend'

/** Tokens for files a test chose, granted as an open dialog would (file calls take tokens, not paths). */
export function readTokens(backend: Backend, paths: string[]): string[] {
  return paths.map((path) => backend.context.files.grant(path, 'read').token)
}

/** The token of one file to read. */
export function readToken(backend: Backend, path: string): string {
  return readTokens(backend, [path])[0]
}

/** The token of a place to write, granted as a save dialog would. */
export function writeToken(backend: Backend, path: string): string {
  return backend.context.files.grant(path, 'write').token
}
