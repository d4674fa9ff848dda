#!/usr/bin/env bash
# Builds FerretDB 1.x (MongoDB wire protocol on SQLite) from the Go module proxy into server/.tools/.
# Used by `pnpm start`, the tests and CI when MONGODB_URL is not set, and by `pnpm build:ferretdb` ahead of
# time. Needs Go ≥ 1.22. Says what it does while it does it: the first build compiles ~525 Go packages,
# 100 s on a quiet 2-core machine, up to 6 minutes on a busy one; later builds reuse Go's cache.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/.tools/ferretdb"
if [ -x "$out" ] && [ "$out" -nt "$here/tools/ferretdb/go.sum" ] && [ "$out" -nt "$here/tools/ferretdb/main.go" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "FerretDB needs Go to build: install Go ≥ 1.22, or set MONGODB_URL to a MongoDB server" >&2; exit 1; }
mkdir -p "$here/.tools"
cd "$here/tools/ferretdb"
say() { printf 'ferretdb: %s\n' "$*" >&2; }
started=$SECONDS
say "building FerretDB into $out, for the embedded MongoDB (first time only: about 2 minutes on 2 cores, more when busy; \`pnpm build:ferretdb\` does it ahead of time)"
say "downloading its Go modules…"
go mod download
total=$(go list -deps . | wc -l)
say "modules downloaded ($((SECONDS - started)) s); compiling up to $total packages…"
# `go build -v` names each package as it compiles it (cached ones are not named): a count to show.
compiled=0
last_report=$SECONDS
CGO_ENABLED=0 go build -v -trimpath -o "$out" . 2>&1 | while IFS= read -r line; do
  if [[ "$line" =~ ^[a-zA-Z0-9_./-]+$ ]]; then
    compiled=$((compiled + 1))
    if (( SECONDS - last_report >= 10 )); then
      say "compiled $compiled of up to $total packages ($((SECONDS - started)) s)"
      last_report=$SECONDS
    fi
  else
    printf '%s\n' "$line" >&2
  fi
done
[ -x "$out" ] || { say "the build failed (see above)"; exit 1; }
say "built in $((SECONDS - started)) s"
