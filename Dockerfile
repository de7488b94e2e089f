# gongkai: one image for the worker, the scheduler and one-off commands (gongkai crawl/runs/query …).
FROM node:20-bookworm-slim

# Chromium renders the JavaScript-only listings (Hanweb sites); fonts for CJK pages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# patches/ before npm install: its postinstall (patch-package) applies them to node_modules (pdf.js's font sanitiser).
COPY patches ./patches
# npm install (not npm ci): the lock file records only linux-x64's optional platform packages, and npm install
# resolves the right ones on other platforms (arm64 hosts) while following the lock.
RUN npm install --no-audit --no-fund
COPY . .

ENV NODE_ENV=production \
    GONGKAI_CHROMIUM=/usr/bin/chromium \
    GONGKAI_HOME=/data \
    LOG_PRETTY=0
VOLUME ["/data"]

# Workers finish the jobs in progress on SIGTERM (docker stop), then exit.
STOPSIGNAL SIGTERM
ENTRYPOINT ["npx", "tsx", "scripts/gongkai.ts"]
CMD ["worker", "--concurrency", "4"]
