/**
 * Demo learned model: inspection results for the demo cargo that has already arrived, a random control
 * sample per unit, then a network model trained on them, activated, and every consignment re-scored —
 * so the consignment page shows a model reason and /risk/models a model card on first start.
 *
 * The outcomes are synthetic but tied to risk features the way real ones are (routes via known
 * transshipment hubs, shippers linked to earlier seizures, high-risk goods, poor data), with noise; the
 * model has only a few hundred rows to learn from, which the model card shows (rows / positives).
 */
import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { inspections, units, users, type InspectionMethod, type InspectionOutcome } from '../db/schema.ts';
import { record, type AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { runSelection } from '../services/risk/targeting.service.ts';
import { activateModelVersion, trainModelVersion } from '../services/risk/model.service.ts';
import { refreshModelReasons } from '../services/risk/model-scoring.ts';
import { DEMO_CARGO_PLAN } from './demo-cargo.ts';

const RISKY_HUBS = new Set(['IRBND', 'AEJEA', 'OMSLL', 'EGPSD']);
const RISKY_SHIPPERS = [/bananera/i, /bandar abbas/i];
const RISKY_HS = ['2402', '2933', '0803'];

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

async function actorFor(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

interface Candidate {
  id: string;
  unit_id: string;
  country: string;
  place_of_loading: string | null;
  transshipments: string[];
  shipper: string | null;
  hs: string | null;
  quality_score: number;
  score: number | null;
  random: boolean | null;
}

/** Log-odds of a finding for a demo consignment. */
function findingLogit(c: Candidate): number {
  let logit = -2.8;
  if (c.transshipments.some((p) => RISKY_HUBS.has(p)) || (c.place_of_loading && RISKY_HUBS.has(c.place_of_loading))) logit += 2.8;
  if (c.shipper && RISKY_SHIPPERS.some((re) => re.test(c.shipper!))) logit += 2.2;
  if (c.hs && RISKY_HS.some((p) => c.hs!.split(',').some((h) => h.startsWith(p)))) logit += 1.6;
  if (c.quality_score < 80) logit += 1.0;
  return logit;
}

export async function seedDemoModel(db: Db, ctx: AuditContext, today: Date): Promise<{ inspected: number; positives: number; modelVersion: number | null }> {
  const todayDay = today.toISOString().slice(0, 10);
  const rand = lcg(4242);
  // A random control sample in every unit with cargo (selection by score is left to the officers).
  for (const plan of DEMO_CARGO_PLAN) {
    const [unit] = await db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, plan.unit));
    if (!unit) continue;
    const coordinator = await actorFor(db, `${unit.country.toLowerCase()}.national_coordinator`);
    await runSelection(db, coordinator, ctx, unit.id, { minScore: 101, mustSelectScore: 1000, randomRate: 0.2, random: rand });
  }
  const candidates = await rows<Candidate>(
    db,
    sql`SELECT c.id, c.unit_id, c.country, c.place_of_loading, c.transshipments,
          (SELECT p.name FROM consignment_parties p WHERE p.consignment_id = c.id AND p.role = 'consignor' LIMIT 1) AS shipper,
          (SELECT string_agg(g.hs_code, ',') FROM goods_items g WHERE g.consignment_id = c.id) AS hs,
          c.quality_score, a.score, d.random
        FROM consignments c
        LEFT JOIN risk_assessments a ON a.consignment_id = c.id
        LEFT JOIN targeting_decisions d ON d.consignment_id = c.id
        WHERE c.is_current AND c.arrival_day <= ${todayDay}
          AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = c.id)
        ORDER BY c.arrival_day, c.document_number`,
  );
  const results: (typeof inspections.$inferInsert)[] = [];
  const coordinatorIds = new Map((await db.select({ id: users.id, country: users.country }).from(users).where(eq(users.role, 'national_coordinator'))).map((u) => [u.country, u.id]));
  for (const c of candidates) {
    // Control sample: always inspected. Others: more often when the score points at them, as officers would.
    const inspect = c.random === true || rand() < 0.6 + 0.4 * Math.min(1, (c.score ?? 0) / 50);
    const finding = rand() < 1 / (1 + Math.exp(-findingLogit(c)));
    const seizure = rand() < 0.3;
    const method: InspectionMethod = rand() < 0.5 ? 'xray' : 'documentary';
    if (!inspect) continue;
    const outcome: InspectionOutcome = finding ? (seizure ? 'seizure' : 'irregularity') : 'no_find';
    results.push({ consignmentId: c.id, unitId: c.unit_id, country: c.country, method, outcome, inspectedBy: coordinatorIds.get(c.country) ?? null });
  }
  // One transaction for the lot (one audit row per inspection, as recordInspection writes).
  await db.transaction(async (tx) => {
    if (!results.length) return;
    const stored = await tx.insert(inspections).values(results).returning();
    for (const r of stored) {
      await record(tx, ctx, { type: 'inspection.recorded', data: { inspectionId: r.id, method: r.method, outcome: r.outcome } }, { country: r.country, entityType: 'consignment', entityId: r.consignmentId });
    }
  });
  const inspected = results.length;
  const positives = results.filter((r) => r.outcome !== 'no_find').length;
  const admin = await actorFor(db, 'admin');
  let modelVersion: number | null = null;
  try {
    const version = await trainModelVersion(db, admin, ctx, { country: null, seed: 1 });
    await activateModelVersion(db, admin, ctx, version.id);
    modelVersion = version.version;
    const ids = await rows<{ id: string }>(db, sql`SELECT consignment_id AS id FROM risk_assessments`);
    await refreshModelReasons(
      db,
      ids.map((r) => r.id),
    );
  } catch (error) {
    // Too few results (e.g. a smaller demo plan): the demo works without a model.
    if (!(error instanceof Error && 'code' in error && String(error.code).startsWith('MODEL_'))) throw error;
  }
  return { inspected, positives, modelVersion };
}
