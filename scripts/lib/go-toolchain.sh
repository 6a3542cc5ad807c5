# Sourced by the scripts that build tools from Go modules (scripts/deploy/install-tools.sh,
# scripts/observe/install-jaeger.sh).

# The Go that builds them when the machine's is too old to switch toolchains itself (before 1.21, e.g. Debian 12's).
GO_TOOLCHAIN=go1.26.8

# Prints a go command that understands GOTOOLCHAIN: the installed one if new enough, else the toolchain module
# fetched with it through the module proxy (what GOTOOLCHAIN=auto itself does on newer Go).
go_with_toolchains() {
  command -v go >/dev/null || { echo "go is required (Debian: apt-get install golang-go)" >&2; exit 1; }
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

