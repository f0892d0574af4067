import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { auditLog, users } from '../db/schema.ts';
import { testStore } from '../../test/db.ts';
import { record, verifyAuditChain, SYSTEM_CONTEXT } from './audit.service.ts';

let store: Store;
beforeAll(async () => {
  store = await testStore();
  for (let i = 0; i < 5; i++) {
    await store.db.transaction((tx) => record(tx, SYSTEM_CONTEXT, { type: 'settings.changed', data: { key: `k${i}`, value: { n: i, nested: { b: 1, a: [1, 'x'] } } } }));
  }
});
afterAll(() => store?.close());

async function seqs() {
  return (await store.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq))).map((r) => r.seq);
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', async () => {
    const result = await verifyAuditChain(store.db);
    expect(result.ok).toBe(true);
    expect(result.rows).toBe((await seqs()).length);
  });

  it('hashes non-Latin text in the database exactly as the verifier does', async () => {
    const ctx = { ...SYSTEM_CONTEXT, actorUsername: 'ge.ოფიცერი', ip: '::1' };
    await store.db.transaction((tx) => record(tx, ctx, { type: 'settings.changed', data: { key: 'Грузия', value: { name: 'საქართველო — 🚢', quote: 'a"b\\c\n' } } }));
    const [last] = await store.db.select().from(auditLog).orderBy(sql`seq DESC`).limit(1);
    expect(last!.data).toMatchObject({ key: 'Грузия' });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('rolls the audit row back with the change it belongs to', async () => {
    const before = (await seqs()).length;
    await expect(
      store.db.transaction(async (tx) => {
        await record(tx, SYSTEM_CONTEXT, { type: 'settings.changed', data: { key: 'x', value: 1 } });
        await tx.insert(users).values({ username: 'admin', displayName: 'dup', role: 'observer', passwordHash: 'x' });
      }),
    ).rejects.toThrow();
    expect((await seqs()).length).toBe(before);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('reports the first altered row', async () => {
    const all = await seqs();
    const target = all[3]!;
    await store.db.execute(sql`UPDATE audit_log SET data = jsonb_set(data, '{key}', '"tampered"') WHERE seq = ${target}`);
    const result = await verifyAuditChain(store.db, 2);
    expect(result).toMatchObject({ ok: false, firstBadSeq: target, reason: 'hash_mismatch' });
  });

  it('reports a removed row at the row after it', async () => {
    const all = await seqs();
    // Undo the previous test's damage by removing that row: the chain now breaks at its successor.
    const altered = all[3]!;
    await store.db.execute(sql`DELETE FROM audit_log WHERE seq = ${altered}`);
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: all[4], reason: 'broken_link' });
  });
});
