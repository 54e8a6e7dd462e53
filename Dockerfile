# Production image of the lienthong gateway.
#   docker build -t lienthong .                 # runtime image (last stage)
#   docker build --target check .               # optional: typecheck, lint and codegen check in a container
#
# The gateway runs as the production bundle (`npm run build`: dist/main.js and dist/<command>.js, plain Node, no tsx
# loader: about 50 MB less resident memory, BENCHMARKS.md). No Prisma client is generated: the gateway speaks plain
# SQL and applies prisma/migrations itself. npm 11 is installed first because it honours the "allowScripts" decisions
# in package.json; the npm 10 bundled with Node 20 ignores them and would let @prisma/engines download native engines.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11.19.1
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# Production dependencies. The runtime image carries src/ (the CLIs' sources) and prisma.config.ts (the Prisma CLI's
# configuration, which imports src/config.ts and src/db/) for operators.
FROM base AS deps
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci --omit=dev && npm cache clean --force

# The bundle (esbuild is a development dependency; the bundle imports packages from the deps stage's node_modules).
FROM base AS build
COPY package.json package-lock.json tsconfig.json prisma.config.ts build.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci && npm run build

# Optional verification stage (not used by the runtime image).
FROM base AS check
COPY . .
RUN npm ci && npm run typecheck && npm run lint && npm run codegen:check

FROM ${NODE_IMAGE} AS runtime
# NPM_CONFIG_SCRIPT_SHELL: for the `npm run` commands an operator may still use in the container; npm forwards SIGTERM
# to its script shell, and dash (/bin/sh) dies without passing it on while bash execs the single command.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/app/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash
WORKDIR /app
# Code and dependencies stay owned by root (read-only for the gateway); only DATA_DIR is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/src ./src
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY schema ./schema
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# Liveness only (the process answers HTTP). Readiness (database up, migrations current) is /readyz.
# The slim image has no curl: Node's own fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The gateway itself as the main process (SIGTERM: stop accepting, drain in-flight requests, exit).
CMD ["node", "dist/main.js"]
