# syntax=docker/dockerfile:1
# Apiary's production image: Next's standalone output (next.config.ts `output: "standalone"`) on the current Node
# LTS (Node 26 "Lithium": Active LTS from 2026-10-28, end of life 2029-04-30; Debian 12 like the CI machines), run as
# an unprivileged user. Configuration and secrets come from the environment at run time
# (README.md § Configuration); nothing secret is baked in. Build: `docker build -t apiary:0.1.0 .`
# The Helm chart in deploy/helm/apiary runs it with a read-only root filesystem.

ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
# `npm run build` is `next build` then scripts/copy-standalone-assets.mjs, which copies .next/static, public/ and
# the database migrations into .next/standalone: that folder alone is the application.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# openssl makes the registry token signing key at first start when none is provided (the chart provides one).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 apiary \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin apiary
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    HOST=0.0.0.0 \
    PORT=3000 \
    APIARY_DATA_DIR=/var/lib/apiary
# The application files belong to root and are read-only to the server; only the data folder and Next's cache
# are writable (the chart mounts emptyDirs there, and on /tmp).
COPY --from=build /src/.next/standalone ./
RUN mkdir -p /var/lib/apiary /app/.next/cache \
 && chown 10001:10001 /var/lib/apiary /app/.next/cache
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
