/**
 * Risk profiles: rule text compiled by engine/rules, versioned on every edit, active within a validity
 * period, tested on history before activation, with per-version performance from inspection results.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx } from '../../db/client.ts';
import { riskProfiles, riskProfileVersions, type Lane, type ProfileState } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canWriteOwned, visibleOwnedWhere, type Owned } from '../../policies/risk.policy.ts';
import { compileRule, type CompiledRule, testRule } from '../../engine/rules/index.ts';
import { listsForOwner, resolveOwner, type OwnerInput } from './lists.service.ts';
import { buildFacts } from './facts.ts';

export interface ProfileVersionInput {
  rule: string;
  weight: number;
  lane: Lane;
  reason: string;
  instruction: string;
}

/** Compiles a rule for an owner, or throws RULE_INVALID with every error's line and column. */
export async function compileForOwner(db: DbOrTx, owner: Owned, rule: string): Promise<CompiledRule> {
  const lists = await listsForOwner(db, owner);
  const result = compileRule(rule, { lists });
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new AppError('RULE_INVALID', `line ${first.line}, column ${first.column}: ${first.message}`, { field: 'rule', errors: result.errors });
  }
  return result.rule;
}

export async function listProfiles(db: Db, actor: Actor) {
  return db.select().from(riskProfiles).where(visibleOwnedWhere(actor, riskProfiles)).orderBy(asc(riskProfiles.name));
}

export async function getProfile(db: Db, actor: Actor, id: string) {
  const [profile] = await db.select().from(riskProfiles).where(and(eq(riskProfiles.id, id), visibleOwnedWhere(actor, riskProfiles)));
  if (!profile) throw notFound('Profile');
  const versions = await db.select().from(riskProfileVersions).where(eq(riskProfileVersions.profileId, id)).orderBy(desc(riskProfileVersions.version));
  return { profile, versions, performance: await profilePerformance(db, id) };
}

export async function createProfile(db: Db, actor: Actor, ctx: AuditContext, input: OwnerInput & ProfileVersionInput & { name: string; validFrom?: string; validTo?: string }) {
  const owner = await resolveOwner(db, actor, input);
  if (!canWriteOwned(actor, owner)) throw forbidden('profile.create');
  const compiled = await compileForOwner(db, owner, input.rule);
  return db.transaction(async (tx) => {
    const [profile] = await tx
      .insert(riskProfiles)
      .values({ ...owner, name: input.name, state: 'draft', currentVersion: 1, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null, createdBy: actor.userId })
      .returning();
    await tx.insert(riskProfileVersions).values({ profileId: profile!.id, version: 1, rule: compiled.source, weight: input.weight, lane: input.lane, reason: input.reason, instruction: input.instruction, createdBy: actor.userId });
    await record(tx, ctx, { type: 'risk_profile.created', data: { name: input.name, version: 1 } }, { country: owner.ownerCountry, entityType: 'risk_profile', entityId: profile!.id });
    return profile!;
  });
}

/** Every edit is a new version; the profile keeps its state. */
export async function addProfileVersion(db: Db, actor: Actor, ctx: AuditContext, id: string, input: ProfileVersionInput) {
  const { profile } = await getProfile(db, actor, id);
  if (!canWriteOwned(actor, profile)) throw forbidden('profile.update');
  const compiled = await compileForOwner(db, profile, input.rule);
  return db.transaction(async (tx) => {
    const version = profile.currentVersion + 1;
    await tx.insert(riskProfileVersions).values({ profileId: id, version, rule: compiled.source, weight: input.weight, lane: input.lane, reason: input.reason, instruction: input.instruction, createdBy: actor.userId });
    const [row] = await tx.update(riskProfiles).set({ currentVersion: version, updatedAt: new Date() }).where(eq(riskProfiles.id, id)).returning();
    await record(tx, ctx, { type: 'risk_profile.versioned', data: { name: profile.name, version } }, { country: profile.ownerCountry, entityType: 'risk_profile', entityId: id });
    return row!;
  });
}

export async function setProfileState(db: Db, actor: Actor, ctx: AuditContext, id: string, state: ProfileState, validity?: { validFrom?: string | null; validTo?: string | null }) {
  const { profile } = await getProfile(db, actor, id);
  if (!canWriteOwned(actor, profile)) throw forbidden('profile.state');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(riskProfiles)
      .set({ state, ...(validity?.validFrom !== undefined ? { validFrom: validity.validFrom } : {}), ...(validity?.validTo !== undefined ? { validTo: validity.validTo } : {}), updatedAt: new Date() })
      .where(eq(riskProfiles.id, id))
      .returning();
    await record(tx, ctx, { type: 'risk_profile.state_changed', data: { name: profile.name, from: profile.state, to: state } }, { country: profile.ownerCountry, entityType: 'risk_profile', entityId: id });
    return row!;
  });
}

/**
 * Runs a rule (draft or not) over the last `days` of consignments the owner's country holds, and reports how
 * many it would hit and how many of those were inspected and found positive.
 */
export async function testOnHistory(db: Db, actor: Actor, input: OwnerInput & { rule: string; days: number }) {
  const owner = await resolveOwner(db, actor, input);
  const compiled = await compileForOwner(db, owner, input.rule);
  const countryFilter = owner.ownerCountry ?? actor.country;
  if (!countryFilter) throw new AppError('VALIDATION_FAILED', 'Testing needs a country whose consignments to use', { field: 'ownerScope' });
  const since = new Date(Date.now() - input.days * 86_400_000);
  const ids = await rows<{ id: string; inspected: boolean; positive: boolean }>(
    db,
    sql`SELECT c.id,
          EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = c.id) AS inspected,
          EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = c.id AND i.outcome <> 'no_find') AS positive
        FROM consignments c WHERE c.country = ${countryFilter} AND c.is_current AND c.created_at >= ${since.toISOString()}
        ${owner.ownerScope === 'unit' ? sql`AND c.unit_id = ${owner.ownerUnitId}` : sql``}`,
  );
  let hits = 0;
  let inspected = 0;
  let positive = 0;
  const samples: { id: string; explain: string[] }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const facts = await buildFacts(db, chunk.map((c) => c.id));
    const withOutcome = chunk.map((c) => ({ ...facts.get(c.id)!.facts, inspection: { inspected: c.inspected, positive: c.positive } }));
    const r = testRule(compiled, withOutcome);
    hits += r.hits;
    inspected += r.hitsInspected;
    positive += r.hitsPositive;
    for (const f of withOutcome) {
      if (samples.length >= 10) break;
      if (compiled.evaluate(f)) samples.push({ id: f.id!, explain: compiled.explain(f) });
    }
  }
  return { consignments: ids.length, hits, inspected, positive, hitRate: inspected ? positive / inspected : null, samples };
}

export interface ProfilePerformance {
  version: number;
  hits: number;
  selected: number;
  inspected: number;
  positive: number;
  hitRate: number | null;
  lastPositive: string | null;
}

/** Per version: hits, selected for inspection, inspected, positive (irregularity or seizure), hit rate. */
export async function profilePerformance(db: DbOrTx, profileId: string): Promise<ProfilePerformance[]> {
  const out = await rows<{ version: number; hits: number; selected: number; inspected: number; positive: number; last_positive: string | null }>(
    db,
    sql`SELECT h.version,
          count(*)::int AS hits,
          count(*) FILTER (WHERE d.decision = 'target')::int AS selected,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = h.consignment_id))::int AS inspected,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = h.consignment_id AND i.outcome <> 'no_find'))::int AS positive,
          to_char(max((SELECT max(i.inspected_at) FROM inspections i WHERE i.consignment_id = h.consignment_id AND i.outcome <> 'no_find')) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_positive
        FROM profile_hits h LEFT JOIN targeting_decisions d ON d.consignment_id = h.consignment_id
        WHERE h.profile_id = ${profileId}
        GROUP BY h.version ORDER BY h.version DESC`,
  );
  return out.map((r) => ({ version: r.version, hits: r.hits, selected: r.selected, inspected: r.inspected, positive: r.positive, hitRate: r.inspected ? r.positive / r.inspected : null, lastPositive: r.last_positive }));
}
