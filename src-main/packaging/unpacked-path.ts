/**
 * Where a file electron-builder unpacked (`asarUnpack` in electron-builder.yml) really is:
 * `…/resources/app.asar/out/main/x.js` → `…/resources/app.asar.unpacked/out/main/x.js`.
 * Paths outside an archive (source under tsx or vitest, `out/` before packaging) are unchanged.
 * Electron reads app.asar only through its patched `fs` and `require`; a Node worker thread (electron#23078,
 * #22446) or plain Node needs the real file beside the archive.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked')
}
