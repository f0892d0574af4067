/**
 * The embedded store takes turns with the rest of the process (client.ts takeTurns): a backlog of statements
 * must not hold the event loop — otherwise, under load, new HTTP connections are not accepted for seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Store } from './client.ts';
import { testStore } from '../../test/db.ts';

let store: Store;
beforeAll(async () => {
  store = await testStore();
});
afterAll(() => store?.close());

describe('PGlite store under a backlog', () => {
  it('lets timers and I/O run between statements, and answers in arrival order', async () => {
    if (store.kind !== 'pglite') return; // PostgreSQL: statements wait on sockets, the loop turns anyway
    const order: number[] = [];
    const backlog = Array.from({ length: 200 }, (_, i) =>
      rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM units WHERE code <> ${String(i)}`).then(() => order.push(i)),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    const doneWhenTimerRan = order.length;
    await new Promise((resolve) => setImmediate(resolve));
    const doneOneTurnLater = order.length;
    await Promise.all(backlog);
    // Without turn-taking the whole backlog ran before the timer (200 done); now about one statement per turn.
    expect(doneWhenTimerRan).toBeLessThan(10);
    expect(doneOneTurnLater - doneWhenTimerRan).toBeLessThan(10);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(200);
  });

  it('a failing statement does not stall the queue, and transactions still run whole', async () => {
    const failing = rows(store.db, sql`SELECT 1 / 0`);
    const after = rows<{ n: number }>(store.db, sql`SELECT 2 AS n`);
    await expect(failing).rejects.toThrow();
    expect((await after)[0]?.n).toBe(2);
    const inTx = await store.db.transaction(async (tx) => {
      const [a] = await rows<{ n: number }>(tx, sql`SELECT 3 AS n`);
      const [b] = await rows<{ t: string }>(tx, sql`SELECT now()::text AS t`);
      return { n: a?.n, t: b?.t };
    });
    expect(inTx.n).toBe(3);
    expect(typeof inTx.t).toBe('string');
  });
});
