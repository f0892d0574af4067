/** The jobs this build knows, and the periodic schedule the worker keeps. */
import { lt, sql } from 'drizzle-orm';
import { sessions, jobs } from '../db/schema.ts';
import type { Db } from '../db/client.ts';
import { defineJob, enqueue, registry, requeueStale, type JobDefinition } from './queue.ts';
import { importJob } from './import.job.ts';
import { rescoreJob, retroHuntJob } from './risk.job.ts';
import { emailJob, webhookJob } from './delivery.job.ts';
import { retrainModelJob, scheduleModelRetrain } from './model.job.ts';
import { compactStatisticsJob } from './statistics.job.ts';

export const cleanupJob = defineJob<Record<string, never>>({
  name: 'maintenance.cleanup',
  parse: () => ({}),
  async handler(_payload, ctx) {
    const expired = await ctx.db.delete(sessions).where(lt(sessions.expiresAt, new Date())).returning({ id: sessions.id });
    // Finished jobs are kept 30 days for the record.
    const oldJobs = await ctx.db
      .delete(jobs)
      .where(sql`${jobs.state} IN ('done', 'failed') AND ${jobs.finishedAt} < now() - interval '30 days'`)
      .returning({ id: jobs.id });
    const requeued = await requeueStale(ctx.db, 30 * 60_000);
    return { expiredSessions: expired.length, deletedJobs: oldJobs.length, requeuedStaleJobs: requeued };
  },
});

export function jobRegistry(extra: JobDefinition<never>[] = []) {
  return registry([cleanupJob as JobDefinition<never>, importJob as JobDefinition<never>, rescoreJob as JobDefinition<never>, retroHuntJob as JobDefinition<never>, emailJob as JobDefinition<never>, webhookJob as JobDefinition<never>, retrainModelJob as JobDefinition<never>, compactStatisticsJob as JobDefinition<never>, ...extra]);
}

/** Enqueues the periodic jobs for the current slot; the dedupe key makes this safe from any number of workers. */
export async function schedulePeriodic(db: Db, now = new Date()): Promise<void> {
  const hourSlot = now.toISOString().slice(0, 13);
  await enqueue(db, cleanupJob.name, {}, { dedupeKey: `${cleanupJob.name}:${hourSlot}` });
  await enqueue(db, compactStatisticsJob.name, {}, { dedupeKey: `${compactStatisticsJob.name}:${hourSlot}` });
  await scheduleModelRetrain(db, now);
}
