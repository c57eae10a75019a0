#!/usr/bin/env node
// Summarises a CI run (scripts/ci.sh): one row per step, the failed tests, and as the very last
// line `N passed, N failed`. Exits 1 when anything failed or no tests ran.
//
// Usage: node scripts/summary.mjs STEPS_FILE
// STEPS_FILE has one JSON object per line, written by ci.sh after each step:
//   {"name":"lint","kind":"check","exitCode":0,"seconds":4}
//   {"name":"tests (sqlite)","kind":"vitest","exitCode":1,"seconds":31,"report":".tmp/reports/sqlite.json"}
//   {"name":"system packages","kind":"setup","exitCode":0,"seconds":0}
// kind `check`: counts as one test, passed when exitCode is 0.
// kind `vitest`: counts the tests in the vitest JSON report. A missing or unreadable report, a
//   test file that failed without a failing test (did not load, a hook threw), a run that ran no
//   tests, and a non-zero exit with no failure in the report (unhandled errors) each count as one
//   failure.
// kind `setup`: not counted when it succeeds; one failure when it does not.
import fs from 'node:fs';
import path from 'node:path';

const MAX_LISTED_FAILURES = 40;

/** @typedef {{ name: string, kind: 'check' | 'vitest' | 'setup', exitCode: number, seconds?: number, report?: string, note?: string }} Step */
/** @typedef {{ name: string, passed: number, failed: number, skipped: number | null, seconds: number | null, notes: string[] }} Row */

/** @param {string} file @returns {Step[]} */
function readSteps(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /** @type {Step} */ (JSON.parse(line)));
}

/** @param {unknown} value */
function count(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** @param {string} text */
function firstLine(text) {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * @param {Step} step
 * @param {string[]} failures the failed test names, added to
 * @returns {Row}
 */
function vitestRow(step, failures) {
  /** @type {Row} */
  const row = { name: step.name, passed: 0, failed: 0, skipped: 0, seconds: step.seconds ?? null, notes: [] };
  if (step.note) row.notes.push(step.note);
  let report;
  try {
    if (!step.report) throw new Error('no report file given');
    report = JSON.parse(fs.readFileSync(step.report, 'utf8'));
    if (typeof report !== 'object' || report === null || !Array.isArray(report.testResults)) throw new Error('not a vitest JSON report');
  } catch (error) {
    row.failed = 1;
    row.skipped = null;
    if (step.report || !step.note) {
      row.notes.push(`no usable report (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`);
    }
    failures.push(`${step.name}: no test report; exit code ${step.exitCode}`);
    return row;
  }

  row.passed = count(report.numPassedTests);
  row.failed = count(report.numFailedTests);
  row.skipped = count(report.numPendingTests) + count(report.numTodoTests);

  for (const file of report.testResults) {
    const rel = typeof file.name === 'string' ? path.relative(process.cwd(), file.name) : '(unknown file)';
    const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    let failedHere = 0;
    for (const a of assertions) {
      if (a.status === 'failed') {
        failedHere += 1;
        const message =
          Array.isArray(a.failureMessages) && a.failureMessages.length > 0 ? ` -- ${firstLine(String(a.failureMessages[0]))}` : '';
        failures.push(`${step.name}: ${rel} > ${a.fullName ?? a.title ?? '(unnamed)'}${message}`);
      }
    }
    if (file.status === 'failed' && failedHere === 0) {
      // The file failed without a failing test: it did not load, or a hook threw.
      row.failed += 1;
      const message = typeof file.message === 'string' && file.message !== '' ? firstLine(file.message) : 'failed';
      failures.push(`${step.name}: ${rel} (file) -- ${message}`);
    }
  }

  if (row.passed + row.failed === 0) {
    row.failed = 1;
    row.notes.push('no tests ran');
    failures.push(`${step.name}: no tests ran`);
  } else if (step.exitCode !== 0 && row.failed === 0) {
    row.failed = 1;
    row.notes.push(`vitest exited ${step.exitCode} (unhandled errors?)`);
    failures.push(`${step.name}: vitest exited ${step.exitCode} although every test passed (see its output)`);
  }
  return row;
}

/**
 * @param {Step} step
 * @param {string[]} failures
 * @returns {Row | null}
 */
function stepRow(step, failures) {
  const ok = step.exitCode === 0;
  /** @type {string[]} */
  const notes = step.note ? [step.note] : [];
  switch (step.kind) {
    case 'vitest':
      return vitestRow(step, failures);
    case 'check':
      if (!ok) failures.push(`${step.name}: failed (exit code ${step.exitCode}); see its output above`);
      return { name: step.name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: null, seconds: step.seconds ?? null, notes };
    case 'setup':
      if (!ok) failures.push(`${step.name}: failed (exit code ${step.exitCode}); see its output above`);
      return {
        name: step.name,
        passed: 0,
        failed: ok ? 0 : 1,
        skipped: null,
        seconds: step.seconds ?? null,
        notes: ok ? ['ok (not counted)', ...notes] : notes,
      };
    default:
      return null;
  }
}

/** @param {Row[]} rows */
function printTable(rows) {
  const header = ['step', 'result', 'passed', 'failed', 'skipped', 'time', 'notes'];
  const body = rows.map((r) => [
    r.name,
    r.failed > 0 ? 'FAIL' : 'ok',
    String(r.passed),
    String(r.failed),
    r.skipped === null ? '-' : String(r.skipped),
    r.seconds === null ? '-' : `${r.seconds}s`,
    r.notes.join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const right = new Set([2, 3, 4, 5]);
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}

function main() {
  const file = process.argv[2];
  /** @type {Step[]} */
  let steps;
  try {
    if (!file) throw new Error('usage: node scripts/summary.mjs STEPS_FILE');
    steps = readSteps(file);
  } catch (error) {
    console.log(`summary: cannot read the step results: ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed');
    return 1;
  }

  /** @type {string[]} */
  const failures = [];
  const rows = steps.map((s) => stepRow(s, failures)).filter((r) => r !== null);
  let passed = rows.reduce((n, r) => n + r.passed, 0);
  let failed = rows.reduce((n, r) => n + r.failed, 0);

  console.log('');
  console.log('=== Summary');
  printTable(rows);
  if (failures.length > 0) {
    console.log('');
    console.log(`Failures (${failures.length}):`);
    for (const f of failures.slice(0, MAX_LISTED_FAILURES)) console.log(`  ${f}`);
    if (failures.length > MAX_LISTED_FAILURES) console.log(`  ... and ${failures.length - MAX_LISTED_FAILURES} more`);
  }
  if (passed + failed === 0) {
    console.log('summary: no tests ran');
    failed = 1;
    passed = 0;
  }
  console.log('');
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
