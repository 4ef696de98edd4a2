#!/usr/bin/env bash
# Rebuild dist/editor.js (CodeMirror 6 + YAML + lint, one minified file that
# the binary embeds). Run after changing src/ or package.json; commit the
# result. Needs Node.js and npm (development only: users need neither).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
ls -l dist/editor.js
