/**
 * Notifications reach exactly the users who may read the warning: the per-users-row rule that dispatch()
 * evaluates in one statement (warningVisibleToUserSql) must agree with visibleWarningsWhere(actor), which
 * guards every read — for every user × every warning, across distributions, TLP, named units and groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Store } from '../../db/client.ts';
import { units, users } from '../../db/schema.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { actorOf } from '../auth.service.ts';
import { createWarning } from '../exchange/warnings.service.ts';
import { createGroup } from '../exchange/groups.service.ts';
import { visibleWarningsWhere, warningVisibleToUserSql } from '../../policies/warning.policy.ts';
import { testStore } from '../../../test/db.ts';

let store: Store;
beforeAll(async () => {
  store = await testStore();
});
afterAll(() => store?.close());

const userNamed = async (username: string) => (await store.db.select().from(users).where(sql`${users.username} = ${username}`))[0]!;

describe('notification audience = read rule', () => {
  it('agrees with visibleWarningsWhere for every user and every warning', async () => {
    // Beyond the demo warnings: one of each distribution, including a single named unit, a pending one and a group.
    const geHead = actorOf(await userNamed('ge.unit_head'));
    const geOfficer = actorOf(await userNamed('ge.officer'));
    const [kzUnit] = await store.db.select().from(units).where(sql`${units.country} = 'KZ'`).limit(1);
    const facts = { containers: ['MSCU1234566'] };
    const base = { subject: 'Audience check', facts, reasons: 'r r r', requestedAction: 'a a a' };
    await createWarning(store.db, geHead, SYSTEM_CONTEXT, { ...base, tlp: 'RED', distribution: 'named', recipients: [{ country: 'KZ', unitId: kzUnit!.id }] });
    await createWarning(store.db, geHead, SYSTEM_CONTEXT, { ...base, tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'UZ' }] });
    await createWarning(store.db, geHead, SYSTEM_CONTEXT, { ...base, tlp: 'AMBER+STRICT', distribution: 'own_country' });
    await createWarning(store.db, geHead, SYSTEM_CONTEXT, { ...base, tlp: 'GREEN', distribution: 'own_unit' });
    await createWarning(store.db, geOfficer, SYSTEM_CONTEXT, { ...base, tlp: 'CLEAR', distribution: 'network' }); // pending approval
    const group = await createGroup(store.db, geHead, SYSTEM_CONTEXT, { name: 'Audience test group', members: [{ country: 'AZ' }, { country: 'KZ', unitId: kzUnit!.id }] });
    await createWarning(store.db, geHead, SYSTEM_CONTEXT, { ...base, tlp: 'AMBER', distribution: 'group', groupId: group.id });

    const everyone = await store.db.select().from(users).orderBy(users.username);
    const byColumns = await rows<{ userId: string; warningId: string }>(
      store.db,
      sql`SELECT u.id AS "userId", w.id AS "warningId" FROM users u CROSS JOIN warnings w WHERE ${warningVisibleToUserSql('u', 'w')}`,
    );
    const columnPairs = new Set(byColumns.map((p) => `${p.userId} ${p.warningId}`));
    const actorPairs = new Set<string>();
    for (const u of everyone) {
      for (const w of await rows<{ id: string }>(store.db, sql`SELECT w.id FROM warnings w WHERE ${visibleWarningsWhere(actorOf(u))}`)) actorPairs.add(`${u.id} ${w.id}`);
    }
    const [{ n: warningCount }] = (await rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM warnings`)) as [{ n: number }];
    expect(everyone.length * warningCount).toBeGreaterThan(300);
    // Both directions, so a rule that shows too much or too little fails.
    expect([...columnPairs].filter((p) => !actorPairs.has(p))).toEqual([]);
    expect([...actorPairs].filter((p) => !columnPairs.has(p))).toEqual([]);
    // And the rule is not trivially empty or full: observers see nothing, a KZ officer some but not all.
    const kzOfficer = everyone.find((u) => u.username === 'kz.officer')!;
    const seen = [...actorPairs].filter((p) => p.startsWith(kzOfficer.id)).length;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(warningCount);
    const observer = everyone.find((u) => u.role === 'observer')!;
    expect([...columnPairs].some((p) => p.startsWith(observer.id))).toBe(false);
  });
});
