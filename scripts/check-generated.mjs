#!/usr/bin/env node
// Fails when generated files are stale: drizzle migrations (drizzle-kit generate must produce no change)
// and docs/openapi.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let failed = false;
const before = spawnSync('git', ['status', '--porcelain', 'server/db/migrations'], { encoding: 'utf8' }).stdout;
const gen = spawnSync('npx', ['drizzle-kit', 'generate', '--name', 'check'], { encoding: 'utf8' });
const after = spawnSync('git', ['status', '--porcelain', 'server/db/migrations'], { encoding: 'utf8' }).stdout;
if (gen.status !== 0 || before !== after || !/No schema changes/i.test(gen.stdout)) {
  process.stderr.write(`Migrations are stale: server/db/schema.ts changed without \`npm run db:generate\`.\n${gen.stdout}${gen.stderr}\n`);
  spawnSync('git', ['checkout', '--', 'server/db/migrations']);
  spawnSync('git', ['clean', '-fdq', 'server/db/migrations']);
  failed = true;
}
const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iren-openapi-')), 'openapi.json');
const w = spawnSync('npx', ['tsx', 'scripts/write-openapi.ts', tmp], { encoding: 'utf8' });
if (w.status !== 0) {
  process.stderr.write(`Could not generate the OpenAPI document:\n${w.stderr}\n`);
  failed = true;
} else if (!fs.existsSync('docs/openapi.json') || fs.readFileSync(tmp, 'utf8') !== fs.readFileSync('docs/openapi.json', 'utf8')) {
  process.stderr.write('docs/openapi.json is stale: run `npm run openapi` and commit it.\n');
  failed = true;
}
if (failed) process.exit(1);
process.stdout.write('generated files are current (migrations, docs/openapi.json)\n');
