import type { NextConfig } from "next";

const config: NextConfig = {
  // The standalone server is what `npm start` runs and what the Docker image ships: one artifact everywhere.
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time rather than bundled: WASM assets (PGlite), worker-free logging, ESM-only
  // Kubernetes client, native-ish drivers.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pino-pretty", "@kubernetes/client-node", "pg"],
  // The build checks the console's own code; `npm test` typechecks everything (sim/, tests, scripts) with tsc.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // The migrations are read from disk when the server starts, so the standalone output must carry them.
  outputFileTracingIncludes: { "/**": ["./lib/server/db/migrations/**/*"] },
};

export default config;
