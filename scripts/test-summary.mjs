// Adds up the vitest JSON reports of every package and prints one line,
// `N passed, N failed`, as CI reads it. Exits 1 when a test failed, a test
// file failed to run, or a package with tests wrote no report.
import { existsSync, readFileSync } from 'node:fs';
import { workspacePackages } from './workspace.mjs';

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const pkg of workspacePackages()) {
  if (!pkg.json.scripts?.test) continue;
  const file = new URL('reports/vitest.json', pkg.url);
  if (!existsSync(file)) {
    problems.push(`${pkg.json.name}: no test report (its test task did not run to the end)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const result of report.testResults) {
    const failedTests = result.assertionResults.filter((test) => test.status === 'failed').length;
    if (result.status === 'failed' && failedTests === 0) {
      failed += 1;
      problems.push(`${result.name}: the file failed outside any test: ${result.message}`);
    }
  }
}

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
