# syntax=docker/dockerfile:1
# kubegate: build the TypeScript to dist/, then ship dist/ with production dependencies only.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The lockfile's devDependencies include the npm package `node` (a Node 24 binary for machines that still run
# Node 20). The base image already is Node 24; `npm ci` just installs the package, and the prune below removes it.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
WORKDIR /app
# MCP_STDIO=off: a container has no agent on stdin; MCP is served over Streamable HTTP at /mcp instead.
# APPROVAL_HOST=0.0.0.0 makes API_TOKENS mandatory: kubegate refuses to listen beyond loopback without them,
# since anyone who reached the port could approve. Pass API_TOKENS at run time (in Kubernetes, from a Secret).
ENV NODE_ENV=production \
    MCP_STDIO=off \
    APPROVAL_HOST=0.0.0.0 \
    APPROVAL_PORT=3100
# Root owns the application files, so the process cannot rewrite its own code. The default store
# (sqlite://./data/kubegate.db) needs a writable ./data: mount a volume there, or set STORE_URL.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# The image's `node` user, by number, so that Kubernetes' runAsNonRoot can verify it without a runAsUser.
USER 1000:1000
EXPOSE 3100
# Slim images have no curl: Node 24's own fetch probes the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.APPROVAL_PORT || 3100) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
