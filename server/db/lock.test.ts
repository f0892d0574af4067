import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

function holdLockInChild(dir: string): Promise<{ kill: () => void; pid: number }> {
  const script = `
    const fs = require('node:fs'); const path = require('node:path');
    const p = path.join(${JSON.stringify(dir)}, 'iren.lock');
    fs.mkdirSync(${JSON.stringify(dir)}, { recursive: true });
    fs.writeFileSync(p, process.pid + '\\n', { flag: 'wx' });
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ kill: () => child.kill('SIGKILL'), pid: child.pid! }));
    child.once('error', reject);
  });
}

describe('data-dir lock', () => {
  it('refuses a second opener while the holder lives, naming the holder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-lock-'));
    const holder = await holdLockInChild(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by another iren process \\(pid ${holder.pid}\\)`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process, and releases its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-lock-'));
    const holder = await holdLockInChild(dir);
    holder.kill();
    await new Promise((r) => setTimeout(r, 100));
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'iren.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'iren.lock'))).toBe(false);
  });
});
