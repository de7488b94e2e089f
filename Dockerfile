# syntax=docker/dockerfile:1
# gongkai: one image for the worker, the scheduler and one-off commands (gongkai crawl/runs/query …). docker-compose.yml
# builds it once (the worker service) and runs every service on it.

# Build stage: the locked install (npm ci, which also applies patches/ to pdf.js and compiles the CLI to dist/ through
# `prepare`), then the development packages dropped. .dockerignore keeps the host's node_modules, dist, .git and
# .gongkai out of the context, so nothing of the host's platform reaches the image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# Chromium renders JavaScript-only listings (Hanweb sites); fonts for CJK pages; tini as PID 1 passes SIGTERM on to
# node and reaps whatever a crashed Chromium leaves behind.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk ca-certificates tini tesseract-ocr tesseract-ocr-chi-sim poppler-utils \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown node:node /data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The replica portals (gongkai demo, gongkai portals) serve the reports of test/fixtures.
COPY --from=build /app/test/fixtures ./test/fixtures

ENV NODE_ENV=production \
    GONGKAI_CHROMIUM=/usr/bin/chromium \
    GONGKAI_HOME=/data \
    LOG_PRETTY=0
VOLUME ["/data"]
USER node

# node runs the built CLI itself (no npm, npx or sh in between): `docker stop` sends SIGTERM through tini to the
# worker, which finishes its jobs in progress and exits (give it stop_grace_period / `docker stop -t`).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/scripts/gongkai.js"]
CMD ["worker", "--concurrency", "4"]
