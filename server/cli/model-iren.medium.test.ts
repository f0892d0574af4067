/** `iren model train|evaluate --format iren` as a separate process against a copy of the test database. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore, type Store } from '../db/client.ts';
import { testStore } from '../../test/db.ts';

let env: NodeJS.ProcessEnv;
let pgStore: Store | null = null;
const BIN = path.resolve('bin/iren.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-model-'));

beforeAll(async () => {
  const info = inject('testDb');
  if (info.kind === 'pglite') {
    const dataDir = path.join(dir, 'data');
    const store = await openStore({ dataDir, loadDataDir: new Blob([fs.readFileSync(info.dumpPath)]) });
    await store.close();
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  } else {
    pgStore = await testStore();
    const client = await pgStore.pool!.connect();
    const dbName = client.database;
    client.release();
    const url = new URL(info.adminUrl);
    url.pathname = `/${dbName}`;
    env = { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
  }
});
afterAll(async () => {
  await pgStore?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function iren(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// Each case starts `iren` processes that open the database: slow on a busy machine.
const SLOW = { timeout: 300_000 };

describe('iren model --format iren', () => {
  const out = path.join(dir, 'model.json');

  it('trains on the inspections in the database and reports all-inspected and control-sample figures apart', SLOW, async () => {
    const res = await iren(['model', 'train', '--format', 'iren', '--out', out, '--quiet']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/trained \d+ trees on \d+ inspected consignments of the network/);
    expect(res.stdout).toContain('all inspected (biased by selection)');
    expect(res.stdout).toContain('random control sample (unbiased)');
    const model = JSON.parse(fs.readFileSync(out, 'utf8')) as { format: string; trainingRange: { rows: number; positives: number } };
    expect(model.format).toBe('iren');
    expect(model.trainingRange.positives).toBeGreaterThan(0);
  });

  it('evaluates a model file on the database: in-sample periods are flagged; an empty period is a clear error', SLOW, async () => {
    const res = await iren(['model', 'evaluate', '--format', 'iren', '--model', out, '--from', '2000-01-01', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as { inSample: boolean; inspected: { rows: number; top: unknown[] }; control: { rows: number } | null };
    expect(report.inSample).toBe(true);
    expect(report.inspected.rows).toBeGreaterThan(0);
    expect(report.inspected.top).toHaveLength(4);
    expect(report.control?.rows ?? 0).toBeLessThanOrEqual(report.inspected.rows);

    const later = await iren(['model', 'evaluate', '--format', 'iren', '--model', out]);
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/^error: no inspected consignments arriving from \d{4}-\d{2}-\d{2} \(the model was trained on data up to/);
  });

  it('names the bad option and exits 2', SLOW, async () => {
    const country = await iren(['model', 'train', '--format', 'iren', '--country', 'Georgia', '--out', out]);
    expect(country.code).toBe(2);
    expect(country.stderr).toBe("error: --country: expected an ISO country code like GE, got 'Georgia'\n");
    const files = await iren(['model', 'train', '--format', 'iren', '--data', 'x.csv', '--out', out]);
    expect(files.code).toBe(2);
    expect(files.stderr).toContain('leave out --data');
    const none = await iren(['model', 'train', '--format', 'iren', '--country', 'KG', '--out', path.join(dir, 'kg.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: /);
  });
});
