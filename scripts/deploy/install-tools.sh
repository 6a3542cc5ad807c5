#!/usr/bin/env bash
# Installs the deployment tools the offline checks need, pinned, into a cache directory (idempotent): Helm 3 from
# its tagged Go module. Prints the bin directory. Helmfile is not installed: every tagged helmfile module carries
# `replace` directives in its go.mod, which `go install module@version` refuses, so test/deploy/helmfile.test.ts
# checks helmfile.yaml structurally instead.
set -euo pipefail

HELM_VERSION=v3.22.0
# The Go that builds it when the machine's is too old to switch toolchains itself (before 1.21, e.g. Debian 12's).
GO_TOOLCHAIN=go1.26.8
BIN=${JOBTRACK_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/jobtrack/bin}
mkdir -p "$BIN"

# Prints a go command that understands GOTOOLCHAIN: the installed one if new enough, else the toolchain module
# fetched with it through the module proxy (what GOTOOLCHAIN=auto itself does on newer Go).
go_with_toolchains() {
  command -v go >/dev/null || { echo "install-tools: go is required (Debian: apt-get install golang-go)" >&2; exit 1; }
  local minor scratch dir
  minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
  if ((minor >= 21)); then
    command -v go
    return
  fi
  scratch=$(mktemp -d)
  (cd "$scratch" && printf 'module bootstrap\n' >go.mod &&
    go mod download -json "golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.$(go env GOOS)-$(go env GOARCH)") >"$scratch/info.json"
  dir=$(sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p' "$scratch/info.json")
  rm -rf "$scratch"
  # Module zips carry no execute bits; the go command sets them the same way after its own toolchain downloads.
  chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
  echo "$dir/bin/go"
}

# A Go build leaves the version unset (it comes from release ldflags), so the stamp file records what was built.
stamp=$BIN/.helm-version
if [[ ! -x $BIN/helm || $(cat "$stamp" 2>/dev/null) != "$HELM_VERSION" ]]; then
  go=$(go_with_toolchains)
  echo "install-tools: building helm $HELM_VERSION into $BIN with $("$go" version)" >&2
  # GOTOOLCHAIN=auto fetches the Go release Helm's go.mod asks for when this one is older.
  GOTOOLCHAIN=auto GOBIN=$BIN GOFLAGS=-buildvcs=false nice "$go" install -p 1 "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
  echo "$HELM_VERSION" >"$stamp"
fi
echo "$BIN"
