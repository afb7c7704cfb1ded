# syntax=docker/dockerfile:1
# kubegate: bundle src/ into dist/ (esbuild: dist/main.js and its chunks, source maps, the web page's files), then
# ship dist/ with production dependencies only.
# CI proves what this image contains without a Docker engine: `npm run check:production` makes the same
# production-only install from the lockfile, adds dist/ and starts `node dist/main.js` (HTTP and MCP on stdio).

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script in the lockfile is the `node` devDependency's, which downloads a
# Node 24 binary for machines that still run Node 20. This image already is Node 24, and no runtime
# dependency needs an install script (the production install in CI runs with --ignore-scripts too). esbuild finds
# its binary in its platform package without its own install script.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build.ts ./scripts/build.ts
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-slim AS runtime
# Keep KUBEGATE_VERSION equal to package.json's version (test/packaging/dockerfile.test.ts checks it).
# SOURCE_URL: pass the repository's URL at build time (--build-arg SOURCE_URL=https://…).
ARG KUBEGATE_VERSION=0.1.0
ARG SOURCE_URL=""
LABEL org.opencontainers.image.title="kubegate" \
      org.opencontainers.image.description="Human-in-the-loop gate for AI-driven Kubernetes remediation: Slack, REST, a web page and MCP feed one approval state machine." \
      org.opencontainers.image.version="${KUBEGATE_VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="${SOURCE_URL}"
WORKDIR /app
# MCP_STDIO=off: a container has no agent on stdin; MCP is served over Streamable HTTP at /mcp instead.
# APPROVAL_HOST=0.0.0.0 makes API_TOKENS mandatory: kubegate refuses to listen beyond loopback without them,
# since anyone who reached the port could approve. Pass API_TOKENS at run time (in Kubernetes, from a Secret).
# STORE_URL: the embedded store in /app/data (mount a volume there), or redis://… for several replicas.
# NODE_OPTIONS: a 1 MB semi-space (V8 lets the young generation grow to 16 MB per semi-space) keeps the idle service
# under 100 MB (bench:peers: 101 → 97 MB) and the loaded one ≈ 30 % smaller (bench:core after 10,100 approvals:
# 353 → 242 MB), with no latency cost there (BENCH_NODE_FLAGS=--max-semi-space-size=1 npm run bench:core).
# A 256 MB old generation: V8 sizes the heap from the host's memory, not the container's limit (nodejs/node#64646),
# and under an alert storm lets garbage pile up to hundreds of MB before collecting it; kubegate's live heap is well
# under 100 MB, and with this cap RSS stays flat under load (bench:load: +1 % over a minute at 200 requests/s).
# deploy/deployment.yaml's memory limit leaves room for it. bench:load runs replicas with these flags.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=1 --max-old-space-size=256" \
    MCP_STDIO=off \
    APPROVAL_HOST=0.0.0.0 \
    APPROVAL_PORT=3100 \
    STORE_URL=sqlite:///app/data/kubegate.db
# Root owns the application files, so the process cannot rewrite its own code.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown 1000:1000 /app/data && chmod 700 /app/data
# The image's `node` user, by number, so that Kubernetes' runAsNonRoot can verify it without a runAsUser.
USER 1000:1000
EXPOSE 3100
# Slim images have no curl: Node 24's own fetch probes the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.APPROVAL_PORT || 3100) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
