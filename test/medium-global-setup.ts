/**
 * Medium tests run against a real database: PGlite by default, PostgreSQL when IREN_TEST_DB=postgres.
 * Migrating and loading reference data takes ~10 s, so it is done once here into a template; each test file
 * then gets its own copy (PGlite: loadDataDir from a dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 * The demo network is seeded into the template with a known password.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateStore, openStore } from '../server/db/client.ts';
import { loadReferenceData } from '../server/db/reference.ts';
import { seedDemo, seedDemoCargo } from '../server/seed/demo.ts';
import { SYSTEM_CONTEXT } from '../server/audit/audit.service.ts';
import { DEMO_TODAY, TEST_DEMO_PASSWORD, type TestDbInfo } from './db.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default async function setup(project: TestProject) {
  const kind = process.env.IREN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  const tmp = path.resolve('.tmp');
  fs.mkdirSync(tmp, { recursive: true });
  let info: TestDbInfo;
  if (kind === 'postgres') {
    const adminUrl = process.env.IREN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const template = `iren_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Databases left by an interrupted earlier run (whose process is gone; a run still going keeps its own).
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^iren_(t|test_template)_[0-9]+'");
    for (const { datname } of stale.rows) {
      const pid = Number(/_(\d+)/.exec(datname.replace(/^iren_test_template_/, 'iren_t_'))?.[1]);
      if (pid && pid !== process.pid && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const store = await openStore({ databaseUrl: url.toString(), poolSize: 2 });
    await migrateStore(store);
    await loadReferenceData(store.db);
    const demo = await seedDemo(store.db, SYSTEM_CONTEXT, { password: TEST_DEMO_PASSWORD, withTotp: true });
    await seedDemoCargo(store.db, SYSTEM_CONTEXT, DEMO_TODAY);
    await store.close();
    info = { kind, adminUrl, template, ownerPid: process.pid, demo: demo.users };
  } else {
    const store = await openStore({ inMemory: true });
    await migrateStore(store);
    await loadReferenceData(store.db);
    const demo = await seedDemo(store.db, SYSTEM_CONTEXT, { password: TEST_DEMO_PASSWORD, withTotp: true });
    await seedDemoCargo(store.db, SYSTEM_CONTEXT, DEMO_TODAY);
    const dump = await store.pglite!.dumpDataDir('none');
    const dumpPath = path.join(tmp, `pglite-template-${process.pid}.tar`);
    fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
    await store.close();
    info = { kind, dumpPath, demo: demo.users };
  }
  project.provide('testDb', info);
  return async () => {
    if (info.kind === 'postgres') {
      const admin = new pg.Client({ connectionString: info.adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${info.template}" WITH (FORCE)`);
      await admin.end();
    } else {
      fs.rmSync(info.dumpPath, { force: true });
    }
  };
}
