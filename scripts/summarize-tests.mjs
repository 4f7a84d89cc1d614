#!/usr/bin/env node
// Prints one line per step and per runner, then the totals as the last line:
// "total: N passed, N failed, N skipped". Exits non-zero if anything failed or nothing ran.
import { existsSync, readFileSync } from 'node:fs';

const [stepsFile, vitestFile, playwrightFile] = process.argv.slice(2);
const read = (file) => (file && existsSync(file) ? readFileSync(file, 'utf8') : undefined);

const steps = (read(stepsFile) ?? '').trim().split('\n').filter(Boolean);
for (const line of steps) console.log(line);
const stepFailed = steps.some((line) => line.endsWith('FAILED'));

const runners = [];
const vitest = read(vitestFile);
if (vitest) {
  const report = JSON.parse(vitest);
  runners.push({
    name: 'unit',
    passed: report.numPassedTests,
    // A file that failed without a failing test (an import error, a hook) counts once; a failed test
    // is not counted again through the describe blocks and file around it.
    failed:
      report.numFailedTests +
      (report.testResults ?? []).filter((file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed')).length,
    skipped: report.numPendingTests + report.numTodoTests,
  });
}
const playwright = read(playwrightFile);
if (playwright) {
  const { stats, errors = [] } = JSON.parse(playwright);
  runners.push({ name: 'e2e', passed: stats.expected + stats.flaky, failed: stats.unexpected + errors.length, skipped: stats.skipped });
  for (const title of flakyTitles(JSON.parse(playwright))) console.log(`e2e flaky (failed once, passed on its retry): ${title}`);
}

/** "[project] file › title" of every spec that passed only on its retry. */
function flakyTitles(report) {
  const titles = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) if (test.status === 'flaky') titles.push(`[${test.projectName}] ${[...path, spec.title].join(' › ')}`);
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  return titles;
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const runner of runners) {
  console.log(`${runner.name}: ${runner.passed} passed, ${runner.failed} failed, ${runner.skipped} skipped`);
  for (const key of Object.keys(total)) total[key] += runner[key];
}
if (stepFailed && total.failed === 0) total.failed = steps.filter((line) => line.endsWith('FAILED')).length;
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(stepFailed || total.failed > 0 || total.passed === 0 ? 1 : 0);
