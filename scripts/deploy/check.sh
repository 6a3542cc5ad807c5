#!/usr/bin/env bash
# Offline deployment checks (no cluster, no Docker): lints every local chart strictly, renders the platform, mesh,
# Kafka and Redis charts with their defaults and with each helmfile environment's values, validates every rendered
# object against the Kubernetes, Istio and prometheus-operator schemas (Strimzi structurally), shows that the
# validator rejects known-bad objects, and checks helmfile.yaml's structure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

BIN=$(scripts/deploy/install-tools.sh)
helm=$BIN/helm
node24() { ./npmw exec -- node "$@"; } # the repository's Node 24, as npmw provides it
out=$(mktemp -d)
mkdir -p "$out/values" "$out/rendered"
trap 'rm -rf "$out"' EXIT

# Helm built from source reports Kubernetes v1.20 as the default target; render for the oldest version supported.
kube=(--kube-version 1.29.0)
# The CRD APIs the charts render conditionally; kube-prometheus-stack installs them first on a cluster.
crds=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule)
# Local chart → its helmfile release, "namespace/name" as in helmfile.yaml.
declare -A charts=(
  [charts/jobtrack]=jobtrack/jobtrack
  [istio]=jobtrack/jobtrack-mesh
  [charts/kafka-cluster]=kafka/kafka-cluster
  [charts/redis]=redis/redis
)

echo "== helm lint --strict (helm $(cat "$BIN/.helm-version"))"
for chart in "${!charts[@]}"; do
  "$helm" lint --strict "$chart" "${kube[@]}"
done

echo "== helm template: chart defaults, then each environment's values"
for chart in "${!charts[@]}"; do
  release=${charts[$chart]#*/}
  "$helm" template "$release" "$chart" --namespace "${charts[$chart]%/*}" "${kube[@]}" "${crds[@]}" \
    >"$out/rendered/defaults-$release.yaml"
  echo "defaults: $release $(grep -c '^kind:' "$out/rendered/defaults-$release.yaml") objects"
done
for environment in kind eks; do
  for chart in "${!charts[@]}"; do
    namespace=${charts[$chart]%/*} release=${charts[$chart]#*/}
    values=$out/values/$environment-$release.yaml rendered=$out/rendered/$environment-$release.yaml
    node24 scripts/deploy/environment-values.ts "$environment" "$release" >"$values"
    "$helm" lint --strict "$chart" "${kube[@]}" -f "$values" >/dev/null
    "$helm" template "$release" "$chart" --namespace "$namespace" "${kube[@]}" "${crds[@]}" -f "$values" >"$rendered"
    echo "$environment: $release $(grep -c '^kind:' "$rendered") objects"
  done
done

echo "== schema validation of every rendered object"
node24 scripts/deploy/validate-manifests.ts "$out"/rendered/*.yaml

echo "== the validator rejects what it must (scripts/deploy/fixtures/invalid.yaml)"
if node24 scripts/deploy/validate-manifests.ts scripts/deploy/fixtures/invalid.yaml 2>"$out/invalid.txt"; then
  echo "validate-manifests.ts accepted invalid objects" >&2
  exit 1
fi
for expected in "Deployment/unknown-nested-field .*readOnlyRootFileSystem" "VirtualService/unknown-istio-field .*timeouts" \
  "PeerAuthentication/bad-enum" "ServiceMonitors/unknown-kind: unknown kind" "Kafka/zookeeper-cluster: spec.zookeeper: unknown field" \
  "no node pool with the controller role"; do
  grep -q -- "$expected" "$out/invalid.txt" || { cat "$out/invalid.txt" >&2; echo "not reported: $expected" >&2; exit 1; }
done
echo "every expected problem reported"

echo "== helmfile structure"
node24 --test --test-reporter=spec test/deploy/helmfile.test.ts
