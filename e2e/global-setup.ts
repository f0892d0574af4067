/**
 * Browser tests: start the real server (`iren start`) on a fresh embedded database with the demo network,
 * on a free port, with the built web UI. Provides the URL and the demo logins (with TOTP secrets).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DemoLogin } from '../server/seed/demo.ts';

export const E2E_DEMO_PASSWORD = 'e2e-demo-password-1';

export interface E2eDemo {
  password: string;
  users: DemoLogin[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demo: E2eDemo;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve('web/dist/index.html')) || process.env.IREN_E2E_BUILD === '1') {
    const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('web build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-e2e-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', IREN_DEMO_PASSWORD: E2E_DEMO_PASSWORD, LOG_LEVEL: 'warn', IREN_LOGIN_RATE_LIMIT: '1000' };
  const seeded = spawnSync(process.execPath, ['bin/iren.js', 'seed', '--demo', '--json'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const demo = JSON.parse(seeded.stdout) as { password: string; users: DemoLogin[] };
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, ['bin/iren.js', 'start'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 90 s')), 90_000);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('iren is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  project.provide('baseUrl', baseUrl);
  project.provide('demo', { password: demo.password, users: demo.users });
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
