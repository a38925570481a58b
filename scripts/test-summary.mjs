// Prints one closing line for the whole test run from the unit (Vitest) and e2e (Playwright)
// JSON reports: "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`test-summary: no report at ${path}`);
    process.exit(1);
  }
}

const unit = read('test-results/vitest.json');
const e2e = read('test-results/playwright.json');
const passed = unit.numPassedTests + (e2e.stats.expected ?? 0);
const failed = unit.numFailedTests + (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
const skipped = unit.numPendingTests + unit.numTodoTests + (e2e.stats.skipped ?? 0);
console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
console.log(
  `e2e: ${e2e.stats.expected ?? 0} passed, ${(e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0)} failed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
