# Kura server image. Build from the repository root:  docker build -t kura-server .
# The build stage runs the same script as the tests (scripts/build-production.sh); the runtime
# stage receives only its output: the bundled server and the few packages that cannot be bundled.

FROM node:20-bookworm-slim AS build
RUN npm install --global pnpm@10.34.9
WORKDIR /src
# Dependencies first, so that a source change does not fetch them again.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN bash scripts/build-production.sh /out

# Same base as the build stage: libsql's native binding was picked for this libc and CPU, and V8
# accepts the server's code cache (bundle/server.cjs.v8-cache) only from the same Node build.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    KURA_DATA_DIR=/var/lib/kura
WORKDIR /app
# Root owns the code; the server user can write only its data folder.
COPY --from=build /out/ /app/
RUN mkdir -p /var/lib/kura && chown 1000:1000 /var/lib/kura
# The base image's `node` user, by number so that runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
CMD ["node", "bundle/server.mjs"]
