/**
 * Starts the roles asked for: `web` (HTTP API + UI), `worker` (jobs), or both (default).
 * On PGlite both roles must run in the one process that holds the data-dir lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { migrateStore, openStore, type Store } from './db/client.ts';
import { loadReferenceData } from './db/reference.ts';
import { buildApp } from './app.ts';
import { formatDemoLogins, seedDemo, seedDemoCargo } from './seed/demo.ts';
import { SYSTEM_CONTEXT } from './audit/audit.service.ts';
import { startWorker, type Worker } from './jobs/queue.ts';
import { jobRegistry, schedulePeriodic } from './jobs/definitions.ts';
import { count } from 'drizzle-orm';
import { users } from './db/schema.ts';

export type Role = 'web' | 'worker';

export interface Running {
  store: Store;
  app: FastifyInstance | null;
  worker: Worker | null;
  url: string | null;
  stop(): Promise<void>;
}

/** Opens the store, migrates it and loads reference data: what every command that uses the database needs. */
export async function prepareStore(config: Config, log: pino.Logger): Promise<Store> {
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const t0 = performance.now();
    await migrateStore(store);
    const reports = await loadReferenceData(store.db);
    const loaded = reports.filter((r) => !r.skipped);
    if (loaded.length) {
      log.info({ reference: loaded, ms: Math.round(performance.now() - t0) }, 'reference data loaded');
    }
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function start(opts: { roles: Role[]; env?: NodeJS.ProcessEnv; demo?: boolean; print?: (s: string) => void }): Promise<Running> {
  const config = loadConfig(opts.env);
  const log = pino({ level: config.logLevel });
  if (!config.databaseUrl && opts.roles.length === 1) {
    log.warn('On the embedded database web and worker run in one process; starting the single role asked for.');
  }
  const store = await prepareStore(config, log);
  const print = opts.print ?? ((s: string) => process.stdout.write(`${s}\n`));

  const demoWanted = opts.demo ?? !/^(0|false|off|no)$/i.test(process.env.IREN_DEMO ?? '');
  if (demoWanted && opts.roles.includes('web')) {
    const [existing] = await store.db.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) === 0) {
      const result = await seedDemo(store.db, SYSTEM_CONTEXT, { password: config.demoPassword, withTotp: config.requireTotp });
      if (result.seeded) {
        const cargo = await seedDemoCargo(store.db, SYSTEM_CONTEXT);
        log.info({ consignments: cargo.consignments }, 'demo cargo imported');
        const text = formatDemoLogins(result, config.publicUrl);
        print(text);
        fs.mkdirSync(config.dataDir, { recursive: true });
        fs.writeFileSync(path.join(config.dataDir, 'demo-logins.txt'), text, { mode: 0o600 });
      }
    }
  }

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (opts.roles.includes('web')) {
    app = await buildApp({ store, config, loginRateLimitPerMinute: config.loginRateLimitPerMinute });
    await app.listen({ port: config.port, host: config.host });
    url = `http://localhost:${(app.server.address() as { port: number }).port}`;
    print(`iren is running at ${url}  (API docs: ${url}/api/docs, database: ${store.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  }
  let worker: Worker | null = null;
  if (opts.roles.includes('worker')) {
    let lastSchedule = 0;
    worker = startWorker(store.db, jobRegistry(), {
      log,
      onTick: async () => {
        if (Date.now() - lastSchedule > 60_000) {
          lastSchedule = Date.now();
          await schedulePeriodic(store.db);
        }
      },
    });
    log.info({ worker: worker.id }, 'job worker started');
  }
  let stopping: Promise<void> | null = null;
  return {
    store,
    app,
    worker,
    url,
    stop() {
      stopping ??= (async () => {
        await app?.close();
        await worker?.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
