import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { FileGrant } from '../shared/contract'
import { AppError } from '../shared/result'

/** What a grant lets its holder do with the file. */
export type FileAccess = 'read' | 'write'

/**
 * File paths never come from the renderer: the main side (an open or save dialog, a dropped file
 * resolved by the preload, or a path typed on the CLI's command line) grants a file and hands out
 * an opaque, unguessable token; a call that needs the file names the token and the backend turns
 * it back into the path here. A token works once and only for the access it was granted with, so
 * a compromised page can neither name `/etc/shadow` nor overwrite a file it was only shown.
 */
export class FileGrants {
  private readonly granted = new Map<string, { path: string; access: FileAccess }>()

  /** Grants `access` to the file at `path` (chosen by the person, on the main side). */
  grant(path: string, access: FileAccess): FileGrant {
    const token = randomUUID()
    this.granted.set(token, { path, access })
    return { token, name: basename(path) }
  }

  /** The paths of `tokens`, each used up; nothing is used up when one of them is refused. */
  take(tokens: readonly string[], access: FileAccess): string[] {
    const grants = tokens.map((token) => {
      const grant = this.granted.get(token)
      if (!grant) {
        throw new AppError(
          'invalid-request',
          'Unknown or already used file token: choose the file again (in a dialog, or by dropping it).',
        )
      }
      if (grant.access !== access) {
        throw new AppError(
          'invalid-request',
          access === 'write'
            ? `${basename(grant.path)} was chosen to be read, not written: choose where to save in the save dialog.`
            : `${basename(grant.path)} was chosen as a place to save, not a file to read: open it instead.`,
        )
      }
      return grant.path
    })
    for (const token of tokens) this.granted.delete(token)
    return grants
  }

  /** The path of one token, used up. */
  takeOne(token: string, access: FileAccess): string {
    return this.take([token], access)[0]
  }
}
