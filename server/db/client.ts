/**
 * Opens the store: embedded PGlite in `<dataDir>/pgdata` by default, PostgreSQL when DATABASE_URL is set.
 * Both give the same Drizzle API over the same schema and migrations.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Store {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The PGlite instance (embedded mode only), e.g. for dumpDataDir in tests. */
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** Embedded mode only: start from a dumped data dir (tests clone a migrated template this way);
   *  with dataDir too, the dump is unpacked there. */
  loadDataDir?: Blob | File;
  /** Embedded mode only: in-memory database (no lock, no files). */
  inMemory?: boolean;
  poolSize?: number;
}

export async function openStore(opts: OpenOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // Fail fast with a clear message when the server is unreachable.
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await pool.end();
      throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${(err as Error).message}`);
    }
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { kind: 'postgres', db, pool, close: () => pool.end() };
  }
  let lock: DataDirLock | undefined;
  let dataPath: string | undefined;
  if (!opts.inMemory && (opts.dataDir || !opts.loadDataDir)) {
    if (!opts.dataDir) throw new Error('dataDir is required for embedded mode');
    lock = acquireDataDirLock(opts.dataDir);
    dataPath = path.join(opts.dataDir, 'pgdata');
  }
  try {
    const pglite = await PGlite.create({
      dataDir: dataPath,
      loadDataDir: opts.loadDataDir,
      extensions: { pg_trgm, unaccent },
    });
    const db = drizzlePglite(takeTurns(pglite), { schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      pglite,
      close: async () => {
        await pglite.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * PGlite is one connection that executes SQL synchronously on the main thread, and a request's statements
 * chain through promise microtasks — so without a break, one event-loop turn would run every queued request to
 * its end (100 connections × ~15 ms ≈ 1.5 s per turn). libuv accepts one new connection per turn, so under
 * load new connections waited tens of seconds to be accepted (the load test's time-outs).
 *
 * Here every statement or transaction the app runs (through Drizzle) waits in one FIFO and starts on a fresh
 * event-loop turn (setImmediate): the loop turns every few milliseconds, accepts and reads keep flowing, and
 * the store serves callers strictly in arrival order. Statements inside a transaction run on its own handle
 * and are not queued again; code inside a transaction must use that handle (as it must with PGlite anyway).
 */
export function takeTurns(pglite: PGlite): PGlite {
  let tail: Promise<unknown> = Promise.resolve();
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const queued = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(nextTurn).then(run);
    tail = result.catch(() => undefined);
    return result;
  };
  const query = sharedParsers(pglite.query.bind(pglite), pglite.parsers);
  const wrapped: Record<string, (target: PGlite, args: unknown[]) => Promise<unknown>> = {
    query: (_target, args) => queued(() => query(...(args as Parameters<typeof query>))),
    exec: (target, args) => queued(() => target.exec(...(args as Parameters<PGlite['exec']>))),
    sql: (target, args) => queued(() => target.sql(...(args as Parameters<PGlite['sql']>))),
    transaction: (target, [callback]) =>
      queued(() =>
        target.transaction((tx) => {
          const txQuery = sharedParsers(tx.query.bind(tx), target.parsers);
          return (callback as (tx: Transaction) => Promise<unknown>)(new Proxy(tx, { get: (t, prop) => (prop === 'query' ? txQuery : Reflect.get(t, prop, t)) }));
        }),
      ),
  };
  return new Proxy(pglite, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const run = typeof prop === 'string' ? wrapped[prop] : undefined;
      // Methods run on the real instance (PGlite keeps private fields a proxy cannot reach).
      return run ? (...args: unknown[]) => run(target, args) : (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

type QueryFn = PGlite['query'];

/**
 * Drizzle passes the same type parsers (timestamps, dates, intervals as strings) with every query, and PGlite
 * then copies its 300-entry parser table for each one (~0.1 ms a statement, about a quarter of PGlite's JavaScript time
 * under load). They are installed into the instance's table once instead and left out of each call. Drizzle's
 * parsers only keep those types as the strings PostgreSQL sent; nothing else reads rows through this instance.
 */
const installedParsers = new WeakMap<object, WeakSet<object>>();

function sharedParsers(query: QueryFn, table: PGlite['parsers']): QueryFn {
  if (!installedParsers.has(table)) installedParsers.set(table, new WeakSet());
  const installed = installedParsers.get(table)!;
  return ((text: string, params?: unknown[], options?: Parameters<QueryFn>[2]) => {
    if (!options?.parsers) return query(text, params, options);
    const { parsers, ...rest } = options;
    if (!installed.has(parsers)) {
      Object.assign(table, parsers);
      installed.add(parsers);
    }
    return query(text, params, rest);
  }) as QueryFn;
}

/** Applies pending migrations. Safe with several processes on PostgreSQL (advisory lock). */
export async function migrateStore(store: Store): Promise<void> {
  if (store.kind === 'pglite') {
    await migratePglite(store.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = await store.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(72011)');
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock(72011)').catch(() => undefined);
    client.release();
  }
}

/** Escapes %, _ and \\ so user text is matched literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Rows of a raw query, the same on both drivers. */
export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
