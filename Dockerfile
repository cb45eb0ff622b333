# The kubesim image for `kubesim sweep --emit-job` (README "Sweeps"): Node.js 20, the built CLI and its
# runtime dependencies, kubesim as the entry point. Build and push it from the repository root:
#   docker build -t registry.example.com/kubesim:0.1.0 . && docker push registry.example.com/kubesim:0.1.0
# test/sweep-job.test.ts checks this file statically (no Docker engine is needed to run the tests).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script (npm run build) needs the sources, copied next.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ENTRYPOINT ["node", "--enable-source-maps", "/app/dist/src/cli/main.js"]
