import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rows, type Store } from '../db/client.ts';
import { jobs, sessions, users } from '../db/schema.ts';
import { testStore } from '../../test/db.ts';
import { claimNext, defineJob, enqueue, registry, runJob, type JobDefinition } from './queue.ts';
import { cleanupJob, schedulePeriodic } from './definitions.ts';

let store: Store;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  store = await testStore();
});
afterAll(() => store?.close());

describe('job queue', () => {
  it('enqueues a deduplicated job once, however often it is scheduled', async () => {
    const now = new Date('2026-11-28T10:15:00Z');
    await schedulePeriodic(store.db, now);
    await schedulePeriodic(store.db, now);
    const rows = await store.db.select().from(jobs).where(eq(jobs.dedupeKey, 'maintenance.cleanup:2026-11-28T10'));
    expect(rows).toHaveLength(1);
  });

  it('runs the cleanup job: expired sessions go', async () => {
    const [admin] = await store.db.select().from(users).where(eq(users.username, 'admin'));
    await store.db.insert(sessions).values({ id: 'expired-session', userId: admin!.id, mfaPassed: true, expiresAt: new Date(Date.now() - 1000) });
    const reg = registry([cleanupJob as JobDefinition<never>]);
    const job = await claimNext(store.db, 'w1', [...reg.keys()]);
    expect(job?.name).toBe('maintenance.cleanup');
    await runJob(store.db, reg, job!, silent);
    const [done] = await store.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(done!.state).toBe('done');
    expect((done!.result as { expiredSessions: number }).expiredSessions).toBeGreaterThanOrEqual(1);
    expect(await store.db.select().from(sessions).where(eq(sessions.id, 'expired-session'))).toHaveLength(0);
  });

  it('retries a failing job with backoff, then marks it failed', async () => {
    let calls = 0;
    const flaky = defineJob<{ n: number }>({
      name: 'test.flaky',
      parse: (p) => p as { n: number },
      handler: async () => {
        calls++;
        throw new Error('remote system down');
      },
    });
    const reg = registry([flaky as JobDefinition<never>]);
    const id = await enqueue(store.db, 'test.flaky', { n: 1 }, { maxAttempts: 2 });
    const first = await claimNext(store.db, 'w1', ['test.flaky']);
    await runJob(store.db, reg, first!, silent);
    let [row] = await store.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row!.state).toBe('queued');
    expect(row!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(await claimNext(store.db, 'w1', ['test.flaky'])).toBeNull(); // not due yet
    await store.db.update(jobs).set({ runAt: new Date(Date.now() - 1) }).where(eq(jobs.id, id!));
    await runJob(store.db, reg, (await claimNext(store.db, 'w1', ['test.flaky']))!, silent);
    [row] = await store.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row!.state).toBe('failed');
    expect(row!.lastError).toBe('remote system down');
    expect(calls).toBe(2);
  });

  it('never gives one job to two workers', async () => {
    for (let i = 0; i < 20; i++) await enqueue(store.db, 'test.many', { i });
    const claimed = await Promise.all(Array.from({ length: 30 }, (_, k) => claimNext(store.db, `w${k % 3}`, ['test.many'])));
    const ids = claimed.filter((j) => j !== null).map((j) => j!.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const [counted] = await rows<{ running: number }>(store.db, sql`SELECT count(*)::int AS running FROM jobs WHERE name = 'test.many' AND state = 'running'`);
    expect(counted!.running).toBe(20);
  });
});
