#!/usr/bin/env bash
# Builds Jaeger (v2, the OpenTelemetry-collector-based all-in-one binary) from its tagged Go module into a cache
# directory, once per version, and prints that directory. The version is pinned by jaeger-tool/go.mod and go.sum
# (`go get -tool` of github.com/jaegertracing/jaeger/cmd/jaeger at v1.75.0, the approved tag); a change to either
# file rebuilds it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${JOBTRACK_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/jobtrack/bin}
mkdir -p "$BIN"

# shellcheck source=../lib/go-toolchain.sh
source "$HERE/../lib/go-toolchain.sh"

# A Go build carries no release version of its own, so the stamp records which module pins it was built from.
want=$(cat "$HERE/jaeger-tool/go.mod" "$HERE/jaeger-tool/go.sum" | sha256sum | cut -c1-16)
stamp=$BIN/.jaeger-build
if [[ ! -x $BIN/jaeger || $(cat "$stamp" 2>/dev/null) != "$want" ]]; then
  go=$(go_with_toolchains)
  echo "install-jaeger: building jaeger into $BIN with $("$go" version)" >&2
  t0=$SECONDS
  # GOTOOLCHAIN=auto fetches the Go release Jaeger's go.mod asks for when this one is older. Into a temporary name
  # first, so an interrupted build never leaves a binary that looks complete.
  (cd "$HERE/jaeger-tool" && GOTOOLCHAIN=auto GOFLAGS='-buildvcs=false -mod=readonly' nice "$go" build -trimpath \
    -ldflags='-s -w' -o "$BIN/jaeger.tmp" github.com/jaegertracing/jaeger/cmd/jaeger) >&2
  mv -f "$BIN/jaeger.tmp" "$BIN/jaeger"
  echo "$want" >"$stamp"
  echo "install-jaeger: built in $((SECONDS - t0))s" >&2
fi
echo "$BIN"
