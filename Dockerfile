# One image for every Tessera process. The app is chosen by the command:
#   docker run tessera dist/apps/token/main.js                 # run the token service
#   docker run tessera dist/apps/token/main.js --migrate-only  # apply its migrations and exit
# See docs/operations.md.

# Node 24, the active LTS line: Node 20 reached its end of life on 2026-04-30, and on 24 the request context
# (AsyncLocalStorage) no longer costs every promise an async hook (docs/performance.md, "the morning" of the 28th).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: full install (swc and nx are dev dependencies), then the same `npm run build` as outside Docker.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies only (argon2 installs its prebuilt binary), the built apps, no sources.
FROM ${NODE_IMAGE} AS runtime
# The memory settings `npm start` uses too (libs/launcher/src/memory-settings.ts; docs/performance.md, "Memory").
ENV NODE_ENV=production \
    HEALTH_PORT=9400 \
    NODE_OPTIONS=--max-semi-space-size=8 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist

# The image's own unprivileged user (uid 1000); Kubernetes enforces the same with runAsUser: 1000.
USER node

# One health port per container (9400) whatever the app, so compose and Kubernetes probe the same port.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HEALTH_PORT+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# exec form: node is PID 1 and receives SIGTERM directly for a graceful shutdown.
ENTRYPOINT ["node"]
CMD ["dist/apps/gateway/main.js"]
