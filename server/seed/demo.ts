/**
 * Seeds the demo network (first start only): agencies, units at real places, and users of every role in every
 * IREN country, plus one network admin. Demo users that need 2FA are pre-enrolled; their TOTP secrets are
 * returned so start-up can print them.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { agencies, settings, units, users, type Role } from '../db/schema.ts';
import { record, type AuditContext } from '../audit/audit.service.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { newTotpSecret } from '../auth/totp.ts';
import { DEMO_AGENCIES, DEMO_NAMES, DEMO_UNITS } from './demo-network.ts';
import { DEMO_CARGO_PLAN, demoConsignments } from './demo-cargo.ts';
import { seedDemoRisk } from './demo-risk.ts';
import { seedDemoSeizures } from './demo-seizures.ts';
import { seedDemoExchange } from './demo-exchange.ts';
import { seedDemoOperations } from './demo-operations.ts';
import { seedDemoMeetings } from './demo-meetings.ts';
import { seedDemoDelivery } from './demo-delivery.ts';
import { seedDemoModel } from './demo-model.ts';
import { importConsignments } from '../services/intake/import.service.ts';

export interface DemoLogin {
  username: string;
  role: Role;
  country: string | null;
  unit: string | null;
  totpSecret: string | null;
}

export interface DemoSeedResult {
  seeded: boolean;
  password: string | null;
  passwordGenerated: boolean;
  users: DemoLogin[];
}

export const DEMO_SEEDED_KEY = 'demo.seeded';

export async function isDemoSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select().from(settings).where(eq(settings.key, DEMO_SEEDED_KEY));
  return Boolean(row);
}

export async function seedDemo(db: Db, ctx: AuditContext, opts: { password?: string; withTotp: boolean }): Promise<DemoSeedResult> {
  if (await isDemoSeeded(db)) return { seeded: false, password: null, passwordGenerated: false, users: [] };
  const passwordGenerated = !opts.password;
  const password = opts.password ?? generatePassword();
  // One hash for all demo users keeps the first start fast; each user still has an argon2id hash.
  const passwordHash = await hashPassword(password);
  const logins: DemoLogin[] = [];

  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(72013)`);
    const agencyIds = new Map<string, string>();
    for (const a of DEMO_AGENCIES) {
      const [row] = await tx.insert(agencies).values({ country: a.country, name: a.name, nameRu: a.nameRu, kind: a.kind }).returning({ id: agencies.id });
      agencyIds.set(a.key, row!.id);
    }
    const unitIds = new Map<string, { id: string; country: string }>();
    for (const u of DEMO_UNITS) {
      const country = u.locode.slice(0, 2);
      const [row] = await tx
        .insert(units)
        .values({ code: u.code, name: u.name, nameRu: u.nameRu, kind: u.kind, country, agencyId: agencyIds.get(u.agency)!, locode: u.locode, dailyCapacity: u.dailyCapacity })
        .returning({ id: units.id });
      unitIds.set(u.code, { id: row!.id, country });
    }

    const people: { username: string; displayName: string; role: Role; country: string | null; unitCode: string | null; language: string }[] = [
      { username: 'admin', displayName: 'Network Administrator', role: 'network_admin', country: null, unitCode: null, language: 'en' },
    ];
    for (const [country, names] of Object.entries(DEMO_NAMES)) {
      const firstUnit = DEMO_UNITS.find((u) => u.locode.startsWith(country))!;
      const iso = country.toLowerCase();
      const ru = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AZ'].includes(country) ? 'ru' : 'en';
      people.push(
        { username: `${iso}.national_coordinator`, displayName: names.coordinator, role: 'national_coordinator', country, unitCode: null, language: ru },
        { username: `${iso}.unit_head`, displayName: names.head, role: 'unit_head', country, unitCode: firstUnit.code, language: ru },
        { username: `${iso}.officer`, displayName: names.officer, role: 'officer', country, unitCode: firstUnit.code, language: ru },
        { username: `${iso}.observer`, displayName: names.observer, role: 'observer', country, unitCode: null, language: 'en' },
      );
    }
    for (const p of people) {
      const totpSecret = opts.withTotp && p.role !== 'observer' ? newTotpSecret() : null;
      const unit = p.unitCode ? unitIds.get(p.unitCode)! : null;
      await tx.insert(users).values({
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        country: p.country,
        unitId: unit?.id ?? null,
        language: p.language,
        passwordHash,
        totpSecret,
        totpEnabled: totpSecret !== null,
      });
      logins.push({ username: p.username, role: p.role, country: p.country, unit: p.unitCode, totpSecret });
    }
    await tx.insert(settings).values({ key: DEMO_SEEDED_KEY, value: { at: new Date().toISOString() } });
    await record(tx, ctx, { type: 'system.seeded', data: { users: people.length, units: DEMO_UNITS.length } });
  });
  return { seeded: true, password, passwordGenerated, users: logins };
}

export function formatDemoLogins(result: DemoSeedResult, url: string): string {
  const lines = [
    '',
    `iren demo network ready at ${url}`,
    `Demo password for every demo user: ${result.password}${result.passwordGenerated ? '   (generated now and shown only once; set IREN_DEMO_PASSWORD to choose it)' : ''}`,
    'Users (username · role · unit · TOTP secret — add it to an authenticator app, or scan the otpauth URL):',
  ];
  for (const u of result.users) {
    lines.push(`  ${u.username.padEnd(26)} ${u.role.padEnd(21)} ${(u.unit ?? u.country ?? '—').padEnd(12)} ${u.totpSecret ?? '(no 2FA: observer)'}`);
  }
  lines.push('A copy is in <DATA_DIR>/demo-logins.txt (readable by this user only). Delete it once noted.', '');
  return lines.join('\n');
}

/** Imports the demo cargo (JSON lines through the normal import path) into the demo units, then sets up the
 * demo risk profiles, lists and watchlist and scores it all (seedDemoRisk). */
export async function seedDemoCargo(db: Db, ctx: AuditContext, today = new Date()): Promise<{ consignments: number }> {
  let total = 0;
  for (const [i, plan] of DEMO_CARGO_PLAN.entries()) {
    const [unit] = await db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, plan.unit));
    if (!unit) continue;
    const lines = [...demoConsignments({ place: plan.place, country: plan.country, count: plan.count, seed: 1000 + i, today })].map((c) => `${JSON.stringify(c)}\n`);
    const summary = await importConsignments(db, { unit, format: 'json', source: lines, fileName: `demo-${plan.unit}.jsonl`, ctx });
    total += summary.consignments.accepted;
  }
  await seedDemoRisk(db, ctx, today);
  // Last: inspection results, then the learned model trained on them and every consignment re-scored.
  await seedDemoModel(db, ctx, today);
  await seedDemoExchange(db, ctx, today);
  await seedDemoOperations(db, ctx, today);
  await seedDemoSeizures(db, ctx, today);
  await seedDemoMeetings(db, ctx, today);
  await seedDemoDelivery(db, ctx);
  return { consignments: total };
}
