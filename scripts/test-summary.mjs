// Sums the suites recorded by scripts/test.sh into one line, "N passed, N failed". A suite that recorded
// nothing (it crashed, or never ran) counts as one failure, so a broken run can never look green.
import fs from "node:fs";

const SUITES = ["typecheck", "lint", "vitest", "e2e"];
let passed = 0;
let failed = 0;
for (const suite of SUITES) {
  let counts = { passed: 0, failed: 1 };
  try {
    counts = JSON.parse(fs.readFileSync(`test-results/suites/${suite}.json`, "utf8"));
  } catch {
    console.log(`${suite}: no result recorded (counted as 1 failure)`);
  }
  console.log(`${suite}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
