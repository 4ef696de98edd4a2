#!/usr/bin/env bash
# End-to-end test of `essayplan serve` in Debian's Chromium (playwright-core).
# Idempotent: installs chromium and python-docx if missing, `npm ci` here,
# then runs e2e.mjs against target/release/essayplan (build it first).
# Screenshots and downloads land in target/e2e/ (CI artefacts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
python3 -c "import docx" 2>/dev/null || python3 -m pip install -q python-docx
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
cd "$root"
[ -x target/release/essayplan ] || cargo build --release --locked
exec node "$here/e2e.mjs" --binary target/release/essayplan --out target/e2e "$@"
