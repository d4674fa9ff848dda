#!/usr/bin/env bash
# Builds FerretDB 1.x (MongoDB wire protocol on SQLite) from the Go module proxy into server/.tools/.
# Used by `pnpm start`, the tests and CI when MONGODB_URL is not set. Needs Go ≥ 1.22.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/.tools/ferretdb"
if [ -x "$out" ] && [ "$out" -nt "$here/tools/ferretdb/go.sum" ] && [ "$out" -nt "$here/tools/ferretdb/main.go" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "FerretDB needs Go to build: install Go ≥ 1.22, or set MONGODB_URL to a MongoDB server" >&2; exit 1; }
mkdir -p "$here/.tools"
echo "building FerretDB into $out (first time only, about a minute)…" >&2
cd "$here/tools/ferretdb"
CGO_ENABLED=0 go build -trimpath -o "$out" .
