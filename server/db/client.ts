/**
 * Opens the store: embedded PGlite in `<dataDir>/pgdata` by default, PostgreSQL when DATABASE_URL is set.
 * Both give the same Drizzle API over the same schema and migrations.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
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
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
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
