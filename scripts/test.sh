#!/usr/bin/env bash
# `npm test`: every suite — typecheck, lint, unit and integration (Vitest), end-to-end (Playwright in Chromium).
# Each suite records its counts in test-results/suites/; the last line sums them: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results/suites
rm -f test-results/suites/*.json test-results/vitest.json test-results/playwright.json

record() { # name passed failed
  printf '{"passed":%d,"failed":%d}\n' "$2" "$3" > "test-results/suites/$1.json"
}

echo "── typecheck ──"
if npx tsc --noEmit -p .; then record typecheck 1 0; else record typecheck 0 1; fi

echo "── lint ──"
if npx eslint --max-warnings=0 .; then record lint 1 0; else record lint 0 1; fi

echo "── unit and integration (vitest) ──"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
node -e '
  const fs = require("fs");
  let r = { numPassedTests: 0, numFailedTests: 1 };
  try { r = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8")); } catch {}
  // A file that failed outside its tests (an import error, a hook that threw or timed out) counts once.
  const failedFiles = (r.testResults || []).filter((f) => f.status === "failed" && !(f.assertionResults || []).some((a) => a.status === "failed")).length;
  fs.writeFileSync("test-results/suites/vitest.json", JSON.stringify({ passed: r.numPassedTests, failed: r.numFailedTests + failedFiles }));
'

echo "── end-to-end (playwright, chromium) ──"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json
node -e '
  const fs = require("fs");
  let s = { expected: 0, unexpected: 1, flaky: 0 };
  try { s = JSON.parse(fs.readFileSync("test-results/playwright.json", "utf8")).stats; } catch {}
  fs.writeFileSync("test-results/suites/e2e.json", JSON.stringify({ passed: s.expected + s.flaky, failed: s.unexpected }));
'

node scripts/test-summary.mjs
