/**
 * Demo risk set-up: lists and profiles an analyst would write, activated; every demo consignment scored; one
 * selection run per port unit; and some inspection results so profile performance shows figures.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consignments, units, users } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { createRiskList } from '../services/risk/lists.service.ts';
import { addEntries, createWatchlist } from '../services/risk/watchlists.service.ts';
import { createProfile, setProfileState } from '../services/risk/profiles.service.ts';
import { assessConsignments } from '../services/risk/scoring.service.ts';
import { recordInspection, runSelection } from '../services/risk/targeting.service.ts';
import type { Lane } from '../db/schema.ts';
import { importConsignments } from '../services/intake/import.service.ts';
import { demoConsignments } from './demo-cargo.ts';

async function actorFor(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

export const DEMO_PROFILES: { owner: string; scope: 'network' | 'country'; name: string; rule: string; weight: number; lane: Lane; reason: string; instruction: string }[] = [
  {
    owner: 'admin',
    scope: 'network',
    name: 'Cocaine route: fruit from South America',
    rule: 'origin.country in list("cocaine-source-countries") and count(goods.hs startsWith "0803") >= 1',
    weight: 55,
    lane: 'red',
    reason: 'Bananas and other fruit from Ecuador/Colombia are the main cover load for cocaine in containers (rip-on/rip-off).',
    instruction: 'X-ray the container; check the seal number against the B/L; inspect the refrigeration unit and the floor.',
  },
  {
    owner: 'admin',
    scope: 'network',
    name: 'Cigarettes transshipped via high-risk hubs',
    rule: 'goods.hs startsWith "2402" and route.transshipment in list("high-risk-ports")',
    weight: 45,
    lane: 'red',
    reason: 'Cigarette smuggling routes through free zones with re-labelled consignments.',
    instruction: 'Count cartons against the declared quantity; check tax stamps and brand registration.',
  },
  {
    owner: 'admin',
    scope: 'network',
    name: 'Precursor-type chemicals to Central Asia',
    rule: 'goods.hs startsWith "2933" and destination.country in ["AF", "TJ", "UZ", "KZ", "KG", "TM"]',
    weight: 50,
    lane: 'red',
    reason: 'Heterocyclic compounds can be used to make synthetic drugs; the region is a known transit route.',
    instruction: 'Documentary check of the end-user certificate; sample for laboratory analysis.',
  },
  {
    owner: 'ge.national_coordinator',
    scope: 'country',
    name: 'New consignee importing laptops',
    rule: 'consignee.firstSeenDays < 90 and goods.hs startsWith "8471"',
    weight: 30,
    lane: 'yellow',
    reason: 'High-value electronics to a company first seen recently: undervaluation and IPR risk.',
    instruction: 'Check the invoice value against the market price; verify the consignee registration.',
  },
  {
    owner: 'admin',
    scope: 'network',
    name: 'Undervaluation: value per kg below a fifth of the HS history',
    rule: 'goods.valuePerKgRatio < 0.2',
    weight: 35,
    lane: 'yellow',
    reason:
      'A goods item is declared at less than a fifth of the usual value per kg: its value ÷ gross mass was compared with the median value per kg of the same HS heading (4 digits) and currency in this country over the last 365 days (at least 5 items).',
    instruction: 'Ask for the commercial invoice and proof of payment; compare with market prices; check that the goods match the declared HS code.',
  },
  {
    owner: 'admin',
    scope: 'network',
    name: 'Vague goods description',
    rule: 'indicators.vagueDescription',
    weight: 20,
    lane: 'yellow',
    reason: 'Descriptions like "FAK" or "general cargo" hide what is really shipped.',
    instruction: 'Ask the carrier for the full description; documentary check before release.',
  },
];

/**
 * Two Poti consignments declared far below the history of their HS heading (laptops at ~6 USD/kg where the
 * demo history is ~180, T-shirts at ~0.8 USD/kg where it is ~9), so the undervaluation profile has hits.
 */
export async function seedUndervaluedDemo(db: Db, ctx: AuditContext, today = new Date()): Promise<number> {
  const [unit] = await db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, 'GE-PTI-PCU'));
  if (!unit) return 0;
  const cheap = [
    { hsCode: '847130', description: 'PORTABLE COMPUTERS (LAPTOPS)', packageType: 'CT', kgPerPackage: 12, valuePerKg: 6 },
    { hsCode: '610910', description: 'COTTON T-SHIRTS, KNITTED', packageType: 'CT', kgPerPackage: 15, valuePerKg: 0.8 },
  ];
  const lines = [...demoConsignments({ place: 'GEPTI', country: 'GE', count: cheap.length, seed: 4242, today })].map((c, i) => {
    const k = cheap[i]!;
    const packages = 300 + 40 * i;
    const gross = packages * k.kgPerPackage;
    const containers = c.equipment.slice(0, 1);
    const goodsItems = [
      { seq: 1, hsCode: k.hsCode, description: k.description, packageCount: packages, packageType: k.packageType, grossMassKg: gross, netMassKg: Math.round(gross * 0.93), value: Math.round(gross * k.valuePerKg), currency: 'USD', containerNumbers: containers.map((e) => e.containerNumber) },
    ];
    return `${JSON.stringify({ ...c, documentNumber: `UVAL${c.documentNumber.slice(4)}`, goodsItems, equipment: containers })}\n`;
  });
  const summary = await importConsignments(db, { unit, format: 'json', source: lines, fileName: 'demo-undervalued.jsonl', ctx });
  return summary.consignments.accepted;
}

export async function seedDemoRisk(db: Db, ctx: AuditContext, today = new Date()): Promise<{ profiles: number; assessed: number }> {
  const admin = await actorFor(db, 'admin');
  await seedUndervaluedDemo(db, ctx, today);
  await createRiskList(db, admin, ctx, { ownerScope: 'network', name: 'cocaine-source-countries', kind: 'countries', description: 'Source and departure countries of cocaine shipments', items: ['EC', 'CO', 'PE', 'BO', 'BR', 'PY'] });
  await createRiskList(db, admin, ctx, { ownerScope: 'network', name: 'high-risk-ports', kind: 'ports', description: 'Transshipment hubs with repeated seizures', items: ['AEJEA', 'TRAMB', 'EGPSD', 'OMSLL', 'IRBND'] });
  const sanctions = await createWatchlist(db, admin, ctx, { ownerScope: 'network', name: 'Network watchlist (demo)', kind: 'entities', description: 'Companies and persons linked to earlier seizures in the network', weight: 70, lane: 'red' });
  await addEntries(db, admin, ctx, sanctions.id, [
    { schema: 'Company', names: ['Kaspiy Logistik LLP', 'Caspian Logistic'], countries: ['KZ'], externalId: 'demo-1', notes: 'Consignee in a 2025 heroin seizure at Aktau' },
    { schema: 'Company', names: ['Exportadora Bananera del Pacifico'], countries: ['EC'], externalId: 'demo-2', notes: 'Shipper of rip-on cocaine loads' },
    { schema: 'Person', names: ['Timur Rashidov', 'Рашидов Тимур'], birthDate: '1975-03-02', externalId: 'demo-3', notes: 'Organiser named in a 2024 joint operation report' },
  ]);
  let count = 0;
  for (const p of DEMO_PROFILES) {
    const actor = await actorFor(db, p.owner);
    const profile = await createProfile(db, actor, ctx, { ownerScope: p.scope, name: p.name, rule: p.rule, weight: p.weight, lane: p.lane, reason: p.reason, instruction: p.instruction });
    await setProfileState(db, actor, ctx, profile.id, 'active');
    count++;
  }
  const ids = await db.select({ id: consignments.id }).from(consignments).where(eq(consignments.isCurrent, true));
  const assessed = await assessConsignments(db, ids.map((r) => r.id));

  // A selection run and a few results in Poti and Odesa, so the queue and profile performance have history.
  for (const [code, head] of [['GE-PTI-PCU', 'ge.unit_head'], ['UA-ODS-PCU', 'ua.unit_head']] as const) {
    const [unit] = await db.select().from(units).where(eq(units.code, code));
    const actor = await actorFor(db, head);
    let seed = 7;
    const sel = await runSelection(db, actor, ctx, unit!.id, { randomRate: 0.05, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) });
    const targeted = sel.decisions.slice(0, 6);
    for (const [i, d] of targeted.entries()) {
      await recordInspection(db, actor, ctx, d.id, { method: i % 2 === 0 ? 'xray' : 'physical', outcome: i === 0 ? 'seizure' : i === 1 ? 'irregularity' : 'no_find', notes: i === 0 ? 'Concealed packages found behind the refrigeration unit' : undefined });
    }
  }
  return { profiles: count, assessed };
}
