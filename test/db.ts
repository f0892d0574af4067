/** Per-test-file database cloned from the template made in medium-global-setup.ts. */
import fs from 'node:fs';
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../server/db/client.ts';
import type { DemoLogin } from '../server/seed/demo.ts';

export const TEST_DEMO_PASSWORD = 'test-demo-password-1';
/** Demo cargo in tests is dated around this day, so figures do not depend on when tests run. */
export const DEMO_TODAY = new Date('2026-11-28T00:00:00Z');

export type TestDbInfo =
  | { kind: 'pglite'; dumpPath: string; demo: DemoLogin[] }
  | { kind: 'postgres'; adminUrl: string; template: string; ownerPid: number; demo: DemoLogin[] };

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

export function demoLogins(): DemoLogin[] {
  return inject('testDb').demo;
}

export function demoLogin(username: string): DemoLogin {
  const found = demoLogins().find((u) => u.username === username);
  if (!found) throw new Error(`no demo user ${username}`);
  return found;
}

/** A fresh database with migrations, reference data and the demo network. */
export async function testStore(): Promise<Store> {
  const info = inject('testDb');
  if (info.kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(info.dumpPath)]);
    return openStore({ loadDataDir: blob });
  }
  // The run's pid in the name lets a later run drop clones left by this one if it dies.
  const name = `iren_t_${info.ownerPid}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: info.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${info.template}"`);
  await admin.end();
  const url = new URL(info.adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  const close = store.close;
  return {
    ...store,
    close: async () => {
      await close();
      const a = new pg.Client({ connectionString: info.adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}
