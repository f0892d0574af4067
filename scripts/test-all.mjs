#!/usr/bin/env node
/**
 * `npm test`: unit tests, medium tests on PGlite and on PostgreSQL, and browser tests — then one closing
 * line `N passed, N failed` over all suites. Environment:
 *   IREN_TEST_PG_URL   admin URL of the PostgreSQL used for medium tests (default postgres://postgres@127.0.0.1:5432/test)
 *   IREN_TEST_SUITES   comma list to run a subset: unit,medium-pglite,medium-postgres,browser
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const suites = [
  { name: 'unit', args: ['--project', 'unit'], env: {} },
  { name: 'medium-pglite', args: ['--project', 'medium'], env: { IREN_TEST_DB: 'pglite' } },
  { name: 'medium-postgres', args: ['--project', 'medium'], env: { IREN_TEST_DB: 'postgres' } },
  { name: 'browser', args: ['--project', 'browser'], env: {} },
];
const wanted = process.env.IREN_TEST_SUITES?.split(',').map((s) => s.trim());
const outDir = path.resolve('.tmp/test-results');
fs.mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const suite of suites) {
  if (wanted && !wanted.includes(suite.name)) continue;
  const report = path.join(outDir, `${suite.name}.json`);
  fs.rmSync(report, { force: true });
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const code = await new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...suite.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
      stdio: 'inherit',
      env: { ...process.env, ...suite.env },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  let p = 0;
  let f = 0;
  let s = 0;
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    p = r.numPassedTests ?? 0;
    f = r.numFailedTests ?? 0;
    s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (code !== 0 && f === 0) f = 1; // the run failed outside any test (setup, collection)
    if (p + f === 0) f = 1; // a suite that ran nothing is a failure
  } else {
    f = 1;
  }
  passed += p;
  failed += f;
  skipped += s;
  lines.push(`${suite.name.padEnd(16)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
}
process.stdout.write(`\n${lines.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);
