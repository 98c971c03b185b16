import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The folder boundaries of CONVENTIONS.md, enforced: client code never reaches lib/server, lib never reaches
// components or app, and the app and the simulated cluster never import each other (they talk over HTTP).

const SERVER_IMPORT = /(^@\/lib\/server(\/|$))|(^(\.\.?\/)+(lib\/)?server(\/|$))|(^server-only$)/;

/** A file that starts with "use client" runs in the browser, wherever it lives, so it may not import server code. */
const noServerImportInClient = {
  meta: { type: "problem", messages: { server: "Client code (\"use client\") must not import server code ({{source}}). Move the logic behind an API route or into lib/contracts." } },
  create(context) {
    let isClient = false;
    return {
      Program(node) {
        isClient = node.body.some((statement) => statement.type === "ExpressionStatement" && statement.directive === "use client");
      },
      ImportDeclaration(node) {
        if (isClient && node.importKind !== "type" && SERVER_IMPORT.test(node.source.value)) {
          context.report({ node, messageId: "server", data: { source: node.source.value } });
        }
      },
    };
  },
};

const restrict = (message, group) => ({ group, message });
const serverFromClient = restrict("Client-side code must not import lib/server (CONVENTIONS.md: imports flow inward).", ["@/lib/server", "@/lib/server/*", "**/lib/server/*", "../server/*", "server-only"]);
const uiFromLib = restrict("lib/** must not import components/** or app/** (CONVENTIONS.md: imports flow inward).", ["@/components/*", "@/app/*", "**/components/*", "**/app/*"]);
const simFromApp = restrict("The app must not import the simulated cluster; it reaches it only over HTTP, like a real cluster.", ["@/sim/*", "**/sim/*"]);
const appFromSim = restrict("sim/** is its own program and imports nothing from the app.", ["@/*", "**/lib/*", "**/components/*", "**/app/*"]);

const eslintConfig = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "bench/results/**"],
  },
  {
    plugins: { apiary: { rules: { "no-server-import-in-client": noServerImportInClient } } },
    rules: {
      "apiary/no-server-import-in-client": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The simulator round-trips arbitrary Kubernetes JSON; `any` is allowed where objects are opaque.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [simFromApp] }] },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [serverFromClient, simFromApp] }] },
  },
  {
    files: ["lib/client/**", "lib/contracts/**", "lib/format/**", "lib/i18n/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [serverFromClient, uiFromLib, simFromApp] }] },
  },
  {
    files: ["lib/**"],
    ignores: ["lib/client/**", "lib/contracts/**", "lib/format/**", "lib/i18n/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [uiFromLib, simFromApp] }] },
  },
  {
    files: ["sim/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [appFromSim] }] },
  },
];

export default eslintConfig;
