/**
 * A job queue in the `jobs` table. Workers claim with `FOR UPDATE SKIP LOCKED`, so any number of worker
 * processes can share one PostgreSQL database, and the same code runs on PGlite (one process).
 * Jobs with a dedupeKey are enqueued at most once (e.g. one cleanup per hour slot, whoever schedules it).
 *
 *   await enqueue(db, 'sessions.cleanup', {}, { dedupeKey: 'sessions.cleanup:2026-11-28T10' });
 *   const worker = startWorker(store, registry, { id: 'web-1' });  …  await worker.stop();
 */
import os from 'node:os';
import { and, eq, lt, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { jobs } from '../db/schema.ts';
import type { Logger } from 'pino';

export interface JobContext {
  db: Db;
  jobId: string;
  attempt: number;
  progress(update: Record<string, unknown>): Promise<void>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface JobDefinition<P = unknown> {
  name: string;
  /** Validates and narrows the stored payload; throw to fail the job without retry. */
  parse(payload: unknown): P;
  handler(payload: P, ctx: JobContext): Promise<unknown>;
  maxAttempts?: number;
}

export type JobRegistry = Map<string, JobDefinition<never>>;

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export function registry(defs: JobDefinition<never>[]): JobRegistry {
  return new Map(defs.map((d) => [d.name, d]));
}

export async function enqueue(
  db: Db,
  name: string,
  payload: unknown,
  opts: { runAt?: Date; dedupeKey?: string; maxAttempts?: number; createdBy?: string | null } = {},
): Promise<string | null> {
  const [row] = await db
    .insert(jobs)
    .values({
      name,
      payload: payload as object,
      runAt: opts.runAt ?? new Date(),
      dedupeKey: opts.dedupeKey ?? null,
      maxAttempts: opts.maxAttempts ?? 3,
      createdBy: opts.createdBy ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

type JobRow = typeof jobs.$inferSelect;

/** Claims the next due job for this worker, or null. */
export async function claimNext(db: Db, workerId: string, names: string[]): Promise<JobRow | null> {
  if (names.length === 0) return null;
  const claimed = await rows<{ id: string }>(db, sql`
    UPDATE jobs SET state = 'running', locked_by = ${workerId}, locked_at = now(), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM jobs
      WHERE state = 'queued' AND run_at <= now() AND name IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)})
      ORDER BY run_at, created_at
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id`);
  const id = claimed[0]?.id;
  if (!id) return null;
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** Runs one claimed job to completion, recording the outcome; failures retry with exponential backoff. */
export async function runJob(db: Db, reg: JobRegistry, job: JobRow, log: JobContext['log']): Promise<void> {
  const def = reg.get(job.name);
  const ctx: JobContext = {
    db,
    jobId: job.id,
    attempt: job.attempts,
    log,
    progress: async (update) => {
      await db.update(jobs).set({ progress: update }).where(eq(jobs.id, job.id));
    },
  };
  try {
    if (!def) throw new PermanentJobError(`No handler for job ${job.name}`);
    let payload: never;
    try {
      payload = def.parse(job.payload) as never;
    } catch (err) {
      throw new PermanentJobError(`Invalid payload: ${(err as Error).message}`);
    }
    const result = await def.handler(payload, ctx);
    await db
      .update(jobs)
      .set({ state: 'done', result: (result ?? null) as object, finishedAt: new Date(), lockedBy: null, lastError: null })
      .where(eq(jobs.id, job.id));
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const permanent = err instanceof PermanentJobError;
    const retry = !permanent && job.attempts < job.maxAttempts;
    log.warn({ job: job.name, jobId: job.id, attempt: job.attempts, err: message, retry }, 'job failed');
    await db
      .update(jobs)
      .set(
        retry
          ? { state: 'queued', lockedBy: null, lastError: message, runAt: new Date(Date.now() + 2 ** job.attempts * 1000) }
          : { state: 'failed', lockedBy: null, lastError: message, finishedAt: new Date() },
      )
      .where(eq(jobs.id, job.id));
  }
}

export class PermanentJobError extends Error {}

/** Jobs left running by a worker that died go back to the queue. */
export async function requeueStale(db: Db, olderThanMs: number): Promise<number> {
  const stale = await db
    .update(jobs)
    .set({ state: 'queued', lockedBy: null })
    .where(and(eq(jobs.state, 'running'), lt(jobs.lockedAt, new Date(Date.now() - olderThanMs))))
    .returning({ id: jobs.id });
  return stale.length;
}

export interface Worker {
  id: string;
  stop(): Promise<void>;
  /** Resolves when the queue has no due job (tests). */
  drain(): Promise<void>;
}

export function startWorker(
  db: Db,
  reg: JobRegistry,
  opts: { id?: string; pollMs?: number; log: JobContext['log']; onTick?: () => Promise<void> },
): Worker {
  const id = opts.id ?? `${os.hostname()}:${process.pid}`;
  const names = [...reg.keys()];
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    await opts.onTick?.();
    for (;;) {
      if (stopped) return;
      const job = await claimNext(db, id, names);
      if (!job) return;
      await runJob(db, reg, job, opts.log);
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((err: unknown) => opts.log.error({ err }, 'worker tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, opts.pollMs ?? 1000);
      });
  };
  loop();
  return {
    id,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    async drain() {
      await running;
      await tick();
    },
  };
}
