# Release Guard: one image for the API and the workers (the command chooses which).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# Every folder the API and the worker import (test/unit/docker-compose.test.ts walks the imports).
COPY src ./src
COPY scripts ./scripts
COPY tsconfig.json ./
# Workers load this bundle instead of running webpack at start-up (see docs/performance.md).
RUN node --import tsx scripts/bundle-workflows.ts /app/dist/workflow-bundle.js \
 && node --import tsx scripts/bundle-workflows.ts /app/dist/workflow-bundle-traced.js --traced
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js WORKFLOW_TRACED_BUNDLE_PATH=/app/dist/workflow-bundle-traced.js
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/app/api-main.ts"]
