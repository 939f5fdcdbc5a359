#!/usr/bin/env bash
# Offline packaging smoke check: electron-builder cannot download Electron here, so it packs
# against a fake Electron folder. That validates the config, the `files` globs, dependency
# collection and that the native sqlite3 binary lands unpacked outside app.asar; the fake binary
# carries a fuse wire in Electron's default state, so electron-builder really flips the fuses
# of `electronFuses` and the check reads them back from the packaged executable;
# then pack-verify.mjs runs what must run outside the archive (the parse thread, TF.js's wasm) from
# app.asar.unpacked with plain Node, and the packed worker entry on a small job.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
version=$(node -p "require('electron/package.json').version")
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
mkdir -p "$fake/resources"
# sentinel of @electron/fuses, wire version 1, 8 fuses: RunAsNode on, cookie encryption off,
# NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file privileges on
printf '#!/bin/sh\n#dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\001\01010110001\n' > "$fake/electron" && chmod +x "$fake/electron"
echo "$version" > "$fake/version"

npx electron-vite build
rm -rf dist/linux-unpacked
npx electron-builder --linux dir -c.npmRebuild=false -c.electronDist="$fake"

app=dist/linux-unpacked/resources
test -f "$app/app.asar" || { echo "pack:check: app.asar missing"; exit 1; }
native=$(find "$app/app.asar.unpacked" -name node_sqlite3.node | head -n 1)
test -n "$native" || { echo "pack:check: node_sqlite3.node was not unpacked"; exit 1; }
npx asar list "$app/app.asar" > "$fake/listing.txt"
for entry in /out/main/index.js /out/main/worker.js /out/preload/index.js /out/renderer/index.html /package.json; do
  grep -qx "$entry" "$fake/listing.txt" || { echo "pack:check: $entry missing from app.asar"; exit 1; }
done
if grep -q '^/node_modules/electron/' "$fake/listing.txt"; then echo "pack:check: electron leaked into app.asar"; exit 1; fi
node .ci/check-fuses.mjs dist/linux-unpacked/voisin-forecast
node .ci/pack-verify.mjs "$app"
echo "pack:check: ok ($(du -sh "$app/app.asar" | cut -f1) app.asar, sqlite3 unpacked at ${native#"$app"/})"
