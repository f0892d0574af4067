/**
 * Scores consignments: every active profile that applies to the consignment's unit (network-wide, its country,
 * its unit) is evaluated; the score combines the hits' weights as independent evidence
 * (100 · (1 − Π(1 − wᵢ/100))), so it rises with each hit but never reaches 100, plus a small data-quality
 * component — ties are rare and ranking works when capacity is short. Each reason links to its profile and
 * version and says which conditions fired.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { consignments, profileHits, riskAssessments, riskProfiles, riskProfileVersions, type Lane } from '../../db/schema.ts';
import { prepareFacts, type CompiledRule } from '../../engine/rules/index.ts';
import { buildFacts } from './facts.ts';
import { compileForOwner } from './profiles.service.ts';
import { appliesTo, screeningIndex, type ScreeningIndex } from './screening.ts';
import { activeWarnings, matchFacts, receives, recordMatches, WARNING_WEIGHT } from '../exchange/matching.ts';
import { warningMatches } from '../../db/schema.ts';
import type { ConsignmentFacts } from '../../engine/rules/index.ts';
import { modelReasons, type ModelReason } from './model-scoring.ts';

export const LANE_SEVERITY: Record<Lane, number> = { red: 3, yellow: 2, blue: 1, green: 0 };
/** Weight of the data-quality component: a consignment with quality 0 gets at most this much. */
export const QUALITY_WEIGHT = 15;

export type Reason =
  | {
      kind: 'warning';
      warningId: string;
      subject: string;
      senderCountry: string;
      requestedAction: string;
      tlp: string;
      matches: { on: string; value: string; score: number }[];
      weight: number;
      lane: Lane;
    }
  | {
      kind: 'watchlist';
      watchlistId: string;
      watchlistName: string;
      entryId: string;
      on: 'consignor' | 'consignee' | 'notify' | 'vessel' | 'container' | 'document';
      value: string;
      matchedName: string;
      matchScore: number;
      weight: number;
      lane: Lane;
      explanation?: unknown;
    }
  | { kind: 'profile'; profileId: string; version: number; name: string; weight: number; lane: Lane; reason: string; instruction: string; conditions: string[] }
  | { kind: 'data_quality'; score: number; flags: string[]; weight: number }
  | ModelReason;

interface ActiveProfile {
  id: string;
  name: string;
  version: number;
  ownerScope: string;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  weight: number;
  lane: Lane;
  reason: string;
  instruction: string;
  rule: CompiledRule;
}

/** Active profiles valid today, compiled (lists resolved for each owner). */
export async function activeProfiles(db: DbOrTx, today = new Date().toISOString().slice(0, 10)): Promise<ActiveProfile[]> {
  const rowsOut = await db
    .select({ p: riskProfiles, v: riskProfileVersions })
    .from(riskProfiles)
    .innerJoin(riskProfileVersions, and(eq(riskProfileVersions.profileId, riskProfiles.id), eq(riskProfileVersions.version, riskProfiles.currentVersion)))
    .where(
      and(
        eq(riskProfiles.state, 'active'),
        sql`(${riskProfiles.validFrom} IS NULL OR ${riskProfiles.validFrom} <= ${today})`,
        sql`(${riskProfiles.validTo} IS NULL OR ${riskProfiles.validTo} >= ${today})`,
      ),
    );
  const out: ActiveProfile[] = [];
  for (const { p, v } of rowsOut) {
    try {
      const rule = await compileForOwner(db, p, v.rule);
      out.push({ id: p.id, name: p.name, version: v.version, ownerScope: p.ownerScope, ownerCountry: p.ownerCountry, ownerUnitId: p.ownerUnitId, weight: v.weight, lane: v.lane, reason: v.reason, instruction: v.instruction, rule });
    } catch {
      // A list the rule uses was deleted or renamed: the profile cannot fire until it is fixed.
    }
  }
  return out;
}

export function combineScore(weights: number[]): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - Math.min(99.9, Math.max(0, w)) / 100;
  return 100 * (1 - miss);
}

/** Watchlist hits of one consignment: parties by name (fuzzy, cross-script), vessel, containers, document exactly. */
export function screenFacts(index: ScreeningIndex, f: ConsignmentFacts, owner: { unitId: string; country: string }): Extract<Reason, { kind: 'watchlist' }>[] {
  const out: Extract<Reason, { kind: 'watchlist' }>[] = [];
  const seen = new Set<string>();
  const parties = [
    ['consignor', f.shipper?.name],
    ['consignee', f.consignee?.name],
    ['notify', f.notify?.name],
  ] as const;
  for (const [on, name] of parties) {
    if (!name) continue;
    for (const hit of index.searchName(name, undefined, 5)) {
      // One entry counts once, even when it matches several parties (the notify party is often the consignee).
      if (!appliesTo(hit.meta, owner) || seen.has(hit.id)) continue;
      seen.add(hit.id);
      out.push({ kind: 'watchlist', watchlistId: hit.meta.watchlistId, watchlistName: hit.meta.watchlistName, entryId: hit.id, on, value: name, matchedName: hit.matchedName, matchScore: Math.round(hit.score * 1000) / 1000, weight: Math.round(hit.meta.weight * hit.score * 100) / 100, lane: hit.meta.lane, explanation: hit.explanation });
    }
  }
  const exact = (on: 'vessel' | 'container' | 'document', map: Map<string, string[]>, value: string | undefined) => {
    if (!value) return;
    for (const id of map.get(value.toUpperCase()) ?? []) {
      const m = index.meta.get(id);
      if (!m || !appliesTo(m, owner)) continue;
      out.push({ kind: 'watchlist', watchlistId: m.watchlistId, watchlistName: m.watchlistName, entryId: id, on, value, matchedName: m.names[0] ?? value, matchScore: 1, weight: m.weight, lane: m.lane });
    }
  };
  exact('vessel', index.byImo, f.vessel?.imo);
  for (const cn of f.container?.numbers ?? []) exact('container', index.byContainer, cn);
  exact('document', index.byDocument, f.document?.number);
  return out;
}

/** Scores (or re-scores) these consignments and stores assessments and profile hits. */
export async function assessConsignments(db: Db, ids: string[], profiles?: ActiveProfile[]): Promise<number> {
  const active = profiles ?? (await activeProfiles(db));
  const index = await screeningIndex(db);
  const warningsNow = await activeWarnings(db);
  let done = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const facts = await buildFacts(db, chunk);
    const learned = await modelReasons(db, chunk);
    const assessments: (typeof riskAssessments.$inferInsert)[] = [];
    const hits: (typeof profileHits.$inferInsert)[] = [];
    const matched: (typeof warningMatches.$inferInsert)[] = [];
    for (const [id, bundle] of facts) {
      const prepared = prepareFacts(bundle.facts);
      const reasons: Reason[] = [];
      const weights: number[] = [];
      let lane: Lane = 'green';
      for (const p of active) {
        if (!appliesTo(p, bundle) || !p.rule.evaluate(prepared)) continue;
        reasons.push({ kind: 'profile', profileId: p.id, version: p.version, name: p.name, weight: p.weight, lane: p.lane, reason: p.reason, instruction: p.instruction, conditions: p.rule.explain(prepared) });
        weights.push(p.weight);
        hits.push({ consignmentId: id, profileId: p.id, version: p.version });
        if (LANE_SEVERITY[p.lane] > LANE_SEVERITY[lane]) lane = p.lane;
      }
      for (const w of warningsNow) {
        if (!receives(w, bundle)) continue;
        const ms = matchFacts(w, bundle.facts);
        if (!ms.length) continue;
        reasons.push({ kind: 'warning', warningId: w.id, subject: w.subject, senderCountry: w.senderCountry, requestedAction: w.requestedAction, tlp: w.tlp, matches: ms, weight: WARNING_WEIGHT, lane: 'red' });
        weights.push(WARNING_WEIGHT);
        lane = 'red';
        for (const m of ms) matched.push({ warningId: w.id, consignmentId: id, country: bundle.country, matchedOn: m.on, value: m.value });
      }
      for (const w of screenFacts(index, bundle.facts, bundle)) {
        reasons.push(w);
        weights.push(w.weight);
        if (LANE_SEVERITY[w.lane] > LANE_SEVERITY[lane]) lane = w.lane;
      }
      const dq = bundle.facts.dataQuality;
      const qualityWeight = ((100 - (dq?.score ?? 100)) / 100) * QUALITY_WEIGHT;
      if (qualityWeight > 0) {
        reasons.push({ kind: 'data_quality', score: dq?.score ?? 100, flags: dq?.flags ?? [], weight: Math.round(qualityWeight * 100) / 100 });
        weights.push(qualityWeight);
      }
      const model = learned.get(id);
      if (model) {
        reasons.push(model);
        weights.push(model.weight);
      }
      // The data-quality and model components alone rank the consignment but do not make it a target.
      if (lane === 'green' && reasons.some((r) => r.kind !== 'data_quality' && r.kind !== 'model')) lane = 'yellow';
      reasons.sort((a, b) => b.weight - a.weight);
      assessments.push({ consignmentId: id, unitId: bundle.unitId, country: bundle.country, score: Math.round(combineScore(weights) * 1000) / 1000, suggestedLane: lane, reasons, assessedAt: new Date() });
    }
    await db.transaction(async (tx) => {
      if (assessments.length) {
        await tx
          .insert(riskAssessments)
          .values(assessments)
          .onConflictDoUpdate({ target: riskAssessments.consignmentId, set: { score: sql`excluded.score`, suggestedLane: sql`excluded.suggested_lane`, reasons: sql`excluded.reasons`, assessedAt: sql`excluded.assessed_at` } });
      }
      if (hits.length) await tx.insert(profileHits).values(hits).onConflictDoNothing();
      if (matched.length) await recordMatches(tx, matched);
    });
    done += facts.size;
  }
  return done;
}

/** Re-scores a unit's (or all) current consignments arriving from `sinceDay` on — after profiles or lists change. */
export async function rescoreRecent(db: Db, opts: { sinceDay: string; unitIds?: string[] }): Promise<number> {
  const idRows = await db
    .select({ id: consignments.id })
    .from(consignments)
    .where(and(eq(consignments.isCurrent, true), sql`${consignments.arrivalDay} >= ${opts.sinceDay}`, opts.unitIds ? inArray(consignments.unitId, opts.unitIds) : undefined));
  return assessConsignments(db, idRows.map((r) => r.id));
}
