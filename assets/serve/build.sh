#!/usr/bin/env bash
# Rebuild dist/editor.js (CodeMirror 6 + YAML + lint, one minified file that
# the binary embeds). Run after changing src/ or package.json and commit the
# result. Needs Node.js and npm (development only: users need neither).
#   ./build.sh          rebuild dist/editor.js
#   ./build.sh --check  fail if dist/editor.js is not what src/ builds to (CI)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  npm run --silent build -- --outfile="$tmp/editor.js" --log-level=warning
  if ! cmp -s "$tmp/editor.js" dist/editor.js; then
    echo "error: assets/serve/dist/editor.js is stale: run assets/serve/build.sh and commit it" >&2
    exit 1
  fi
  echo "assets/serve/dist/editor.js matches its sources"
else
  npm run build
fi
