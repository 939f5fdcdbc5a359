import { GRANT_DROPPED_FILES } from '../shared/channels'
import { fail, type Result } from '../shared/result'

type Granted = { files: { token: string; name: string }[] }

/**
 * The preload's half of drag and drop: the page hands over what was dropped, the preload resolves
 * each real `File` to its path (`webUtils.getPathForFile`, passed in as `pathOf`) and trades the
 * paths for read tokens with the main process. Whatever is not a dropped file of this computer (a
 * file made by script, a plain object) has no path and is skipped, so the page cannot name a path.
 */
export async function grantDroppedFiles(
  files: unknown,
  pathOf: (file: File) => string,
  invoke: (channel: typeof GRANT_DROPPED_FILES, request: { paths: string[] }) => Promise<unknown>,
): Promise<Result<Granted>> {
  const paths: string[] = []
  for (const file of Array.isArray(files) ? files : []) {
    try {
      const path = pathOf(file as File)
      if (path) paths.push(path)
    } catch {
      // not a File: getPathForFile throws, and there is nothing to grant
    }
  }
  if (paths.length === 0)
    return fail('invalid-input', 'None of the dropped items is a file on this computer.')
  return (await invoke(GRANT_DROPPED_FILES, { paths })) as Result<Granted>
}
