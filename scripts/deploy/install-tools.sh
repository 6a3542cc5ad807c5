#!/usr/bin/env bash
# Installs the deployment tools the offline checks need, pinned, into a cache directory (idempotent): Helm 3 from
# its tagged Go module. Prints the bin directory. Helmfile is not installed: every tagged helmfile module carries
# `replace` directives in its go.mod, which `go install module@version` refuses, so test/deploy/helmfile.test.ts
# checks helmfile.yaml structurally instead.
set -euo pipefail

HELM_VERSION=v3.22.0
BIN=${JOBTRACK_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/jobtrack/bin}
mkdir -p "$BIN"

# shellcheck source=../lib/go-toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/go-toolchain.sh"

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
