# One image for api, worker, migrations and simulators; the compose file picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY scripts/prisma-generate.js scripts/prisma-generate.js
# Dev dependencies stay: tsx runs the TypeScript sources and the prisma CLI generates the client.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
# The workflow bundle, built once here: the worker loads it (WORKFLOW_BUNDLE_PATH) instead of bundling at start.
RUN npm run build:workflows
USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
