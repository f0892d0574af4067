/**
 * Demo joint operation: IREN-CASPIAN-2026, coordinated by the Aktau PCU over the last three weeks (and one
 * more), with the Caspian and Black Sea ports taking part, two demo risk profiles activated, a week of daily
 * reports from every participating unit, and one warning shared in the operation's group with an answer.
 * Deterministic: the figures come from a fixed formula, the days from `today`.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { riskProfiles, units, users } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { createOperation, saveDailyReport, setOperationState } from '../services/results/operations.service.ts';
import { addFeedback, createWarning } from '../services/exchange/warnings.service.ts';

export const DEMO_OPERATION_CODE = 'IREN-CASPIAN-2026';
/** Participating units and the demo officer who files each unit's daily report. */
const PARTICIPANTS = [
  { unit: 'KZ-AAU-PCU', officer: 'kz.officer' },
  { unit: 'AZ-ALA-PCU', officer: 'az.officer' },
  { unit: 'GE-PTI-PCU', officer: 'ge.officer' },
  { unit: 'TM-KRW-PCU', officer: 'tm.officer' },
  { unit: 'UZ-TAS-PCU', officer: 'uz.officer' },
  { unit: 'UA-ODS-PCU', officer: 'ua.officer' },
] as const;

const day = (today: Date, offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

async function actorFor(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

export async function seedDemoOperations(db: Db, ctx: AuditContext, today = new Date()): Promise<{ operationId: string; reports: number }> {
  const coordinator = await actorFor(db, 'kz.unit_head');
  const unitRows = await db.select({ id: units.id, code: units.code, country: units.country }).from(units).where(inArray(units.code, PARTICIPANTS.map((p) => p.unit)));
  const byCode = new Map(unitRows.map((u) => [u.code, u]));
  const profiles = await db
    .select({ id: riskProfiles.id })
    .from(riskProfiles)
    .where(inArray(riskProfiles.name, ['Precursor-type chemicals to Central Asia', 'Vague goods description']));
  const op = await createOperation(db, coordinator, ctx, {
    code: DEMO_OPERATION_CODE,
    name: 'Caspian corridor: heroin, methamphetamine and precursors',
    description: 'Joint targeting of Ro-Ro and container traffic across the Caspian Sea and onward to the Black Sea ports. Participants file a daily report; warnings go to the operation group.',
    startsOn: day(today, -21),
    endsOn: day(today, 7),
    participants: PARTICIPANTS.filter((p) => p.unit !== 'KZ-AAU-PCU').map((p) => ({ country: byCode.get(p.unit)!.country, unitId: byCode.get(p.unit)!.id })),
    targetCommodities: ['heroin', 'methamphetamine', 'precursors', 'acetic_anhydride'],
    profileIds: profiles.map((p) => p.id),
  });
  await setOperationState(db, coordinator, ctx, op.id, 'active');

  // A week of daily reports (the last seven days), each filed on its own day.
  let reports = 0;
  const officers = new Map(await Promise.all(PARTICIPANTS.map(async (p) => [p.officer, await actorFor(db, p.officer)] as const)));
  for (let d = -7; d <= -1; d++) {
    for (const [i, p] of PARTICIPANTS.entries()) {
      if ((i + d) % 5 === 0) continue; // not every unit reports every day
      const screened = 40 + ((i * 37 + d * 13 + 400) % 90);
      const selected = 2 + ((i * 7 + d * 3 + 100) % 9);
      const inspected = Math.max(1, selected - ((i + d + 10) % 3));
      const when = new Date(`${day(today, d)}T15:00:00Z`);
      await saveDailyReport(db, officers.get(p.officer)!, ctx, op.id, { screened, selected, inspected, notes: i === 0 && d === -2 ? 'Two Ro-Ro trailers from Alat held for X-ray; one with a false floor.' : '' }, when);
      reports++;
    }
  }

  // One warning shared with the operation group, and an answer from Alat.
  const warning = await createWarning(db, coordinator, ctx, {
    subject: 'Methamphetamine in trailer flooring on the Aktau – Alat ferry',
    facts: { parties: [{ name: 'Kaspiy Ro-Ro Trans LLP', role: 'consignee', country: 'AZ' }], goods: 'Construction materials (tiles), Ro-Ro semi-trailer', route: ['KZAAU', 'AZALA'] },
    reasons: 'A trailer of the same carrier held in Aktau had a false floor with 14 kg of methamphetamine; the carrier runs the route weekly.',
    requestedAction: 'X-ray every semi-trailer of this carrier on arrival; check floor thickness.',
    tlp: 'AMBER',
    distribution: 'group',
    groupId: op.groupId,
  });
  await addFeedback(db, await actorFor(db, 'az.officer'), ctx, warning.id, { status: 'actioned', action: 'xray', result: 'pending', notes: 'Two trailers of the carrier scanned at Alat; images under review.' });
  return { operationId: op.id, reports };
}
