# syntax=docker/dockerfile:1
# One image recipe for every service; pick the service with its directory under services/:
#   docker build --build-arg SERVICE=gateway -t ghcr.io/jobtrack/gateway:dev .
# Node runs the TypeScript sources directly (type stripping), so there is no compile stage: the build installs
# the production dependencies of that one workspace and copies the sources beside them.

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Only the package manifests, so the dependency layer below is rebuilt when a manifest changes, not on every
# source edit (COPY --from is cached on the content it copies).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY packages packages
COPY services services
RUN find packages services -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} +

FROM ${NODE_IMAGE} AS deps
ARG SERVICE
RUN test -n "${SERVICE}" && test "${SERVICE}" = "${SERVICE#*/}" \
  || { echo "build with --build-arg SERVICE=<a directory under services/>" >&2; exit 1; }
# tini-static has no shared-library dependencies, so the runtime stage takes the one file and no apt layer.
# Unpinned: the base image pins the Debian release, whose tini only ever gets security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini patch \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /app ./
# --workspace installs what that service and the workspace packages it depends on need, nothing of the other
# services. The lockfile lacks the optional packages of platforms other than the one it was made on, which
# npm ci rejects as out of sync; npm install then installs the same locked versions (it names no package).
# hadolint ignore=DL3016
RUN --mount=type=cache,target=/root/.npm \
  npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace "services/${SERVICE}" \
  || npm install --omit=dev --ignore-scripts --no-audit --no-fund --no-save --workspace "services/${SERVICE}"
# The fixes in patches/ that the root postinstall (patch-package) applies in development, applied here by hand
# because install scripts are off.
COPY patches patches
RUN for fix in patches/*.patch; do patch -p1 --forward --quiet <"$fix" || exit 1; done

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="jobtrack-${SERVICE}" \
  org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
COPY --from=deps /usr/bin/tini-static /usr/local/bin/tini
WORKDIR /app
COPY --from=deps /app ./
COPY proto proto
COPY packages packages
COPY services/${SERVICE} services/${SERVICE}
# Everything above is owned by root and only readable by the process: it writes nothing outside /tmp, so the
# container runs with a read-only root filesystem.
WORKDIR /app/services/${SERVICE}
# The base image's "node" user, by number so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 1000:1000
# The kernel drops a signal PID 1 has no handler for, and runMain installs its SIGTERM handler only once the
# service has started (after Kafka and Redis answer): as PID 1, node would miss a stop sent during start-up and
# be killed after the grace period. tini is PID 1 instead, forwards signals to node and reaps zombies.
ENTRYPOINT ["/usr/local/bin/tini", "--"]
CMD ["node", "--conditions=source", "src/main.ts"]
