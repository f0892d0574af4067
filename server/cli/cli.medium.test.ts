/** The `iren` command run as a separate process against a copy of the test database. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openStore, type Store } from '../db/client.ts';
import { testStore } from '../../test/db.ts';

let env: NodeJS.ProcessEnv;
let pgStore: Store | null = null;
const BIN = path.resolve('bin/iren.js');

beforeAll(async () => {
  const info = inject('testDb');
  if (info.kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-cli-'));
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
});

function iren(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('iren CLI', () => {
  it('token create prints only the token, which then lists as active and can be revoked', async () => {
    const created = await iren(['token', 'create', '--user', 'kz.officer', '--name', 'ci']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^iren_[A-Za-z0-9_-]{43}\n$/);
    const listed = await iren(['token', 'list', '--user', 'kz.officer', '--json']);
    const tokens = JSON.parse(listed.stdout) as { id: string; prefix: string; revokedAt: string | null }[];
    const mine = tokens.find((t) => created.stdout.startsWith(t.prefix))!;
    expect(mine.revokedAt).toBeNull();
    const revoked = await iren(['token', 'revoke', mine.id]);
    expect(revoked.code).toBe(0);
    const again = await iren(['token', 'revoke', mine.id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no active token');
  });

  it('user create prints a temporary password; bad input names the option and exits 2', async () => {
    const ok = await iren(['user', 'create', '--username', 'kz.cli1', '--role', 'officer', '--unit', 'KZ-AAU-PCU', '--name', 'Cli User']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/created kz\.cli1 \(officer, KZ-AAU-PCU\)/);
    expect(ok.stdout).toMatch(/temporary password \(change at first login\): \S{16,}/);
    const badRole = await iren(['user', 'create', '--username', 'kz.cli2', '--role', 'boss']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of');
    const badUnit = await iren(['user', 'create', '--username', 'kz.cli3', '--role', 'officer', '--unit', 'NOPE-1']);
    expect(badUnit.code).toBe(2);
    expect(badUnit.stderr).toContain('--unit: no unit with code "NOPE-1"');
    const weak = await iren(['user', 'create', '--username', 'kz.cli4', '--role', 'observer', '--country', 'KZ', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('too weak');
    const list = await iren(['user', 'list', '--country', 'KZ', '--json']);
    const names = (JSON.parse(list.stdout) as { username: string }[]).map((u) => u.username);
    expect(names).toContain('kz.cli1');
    expect(names).not.toContain('uz.officer');
  });

  it('audit verify passes on an intact chain', async () => {
    const res = await iren(['audit', 'verify', '--json']);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout) as { ok: boolean; rows: number };
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(0);
  });

  it('prints help for every command', async () => {
    const res = await iren(['token', 'create', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--user <username>');
  });
});
