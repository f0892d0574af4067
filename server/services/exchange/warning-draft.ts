/**
 * "Refer to partner": a warning draft pre-filled from a consignment the actor may see — its facts, the risk
 * reasons as text, the ETA as the suggested deadline, and as suggested recipients the network countries on
 * the rest of its route (transit and destination), not the actor's own. The UI lets the user edit it and
 * posts it to POST /api/v1/warnings (with consignmentId).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { airports, countries, consignments, goodsItems, riskAssessments } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import type { Reason } from '../risk/scoring.service.ts';
import { factsFromConsignment } from './warnings.service.ts';

/** One line per reason, in the words a partner unit understands. */
export function reasonText(r: Reason): string {
  switch (r.kind) {
    case 'profile':
      return `Risk profile "${r.name}": ${r.reason}${r.conditions.length ? ` (${r.conditions.join('; ')})` : ''}`;
    case 'watchlist':
      return `Watchlist "${r.watchlistName}": ${r.on} ${r.value} matches ${r.matchedName}`;
    case 'warning':
      return `Partner warning from ${r.senderCountry}: ${r.subject}`;
    case 'data_quality':
      return `Data quality ${r.score}/100${r.flags.length ? ` (${r.flags.join(', ')})` : ''}`;
    case 'model':
      return `Learned risk model (version ${r.version}): ${Math.round(r.probability * 100)} % likely to show a finding`;
  }
}

/** The country of a UN/LOCODE (its first two letters) or of an IATA airport code. */
async function countriesOf(db: Db, places: string[]): Promise<string[]> {
  const iata = places.filter((p) => p.length === 3);
  const fromAirports = iata.length ? await db.select({ iata: airports.iata, country: airports.country }).from(airports).where(inArray(airports.iata, iata)) : [];
  return places.map((p) => (p.length === 5 ? p.slice(0, 2) : (fromAirports.find((a) => a.iata === p)?.country ?? ''))).filter(Boolean);
}

export async function warningDraft(db: Db, actor: Actor, consignmentId: string) {
  const [c] = await db.select().from(consignments).where(and(eq(consignments.id, consignmentId), visibleConsignmentsWhere(actor)));
  if (!c) throw notFound('Consignment');
  const facts = await factsFromConsignment(db, actor, consignmentId);
  const goods = await db.select({ hs: goodsItems.hsCode, description: goodsItems.description }).from(goodsItems).where(eq(goodsItems.consignmentId, consignmentId)).orderBy(goodsItems.seq);
  const goodsSummary = goods
    .map((g) => [g.hs, g.description].filter(Boolean).join(' '))
    .filter(Boolean)
    .join('; ')
    .slice(0, 1000);
  const [assessment] = await db.select({ score: riskAssessments.score, reasons: riskAssessments.reasons }).from(riskAssessments).where(eq(riskAssessments.consignmentId, consignmentId));
  const reasons = ((assessment?.reasons ?? []) as Reason[]).map(reasonText);

  // Onward route: transshipments, discharge and delivery places, and the declared destination country.
  const onward = await countriesOf(db, [...c.transshipments, c.placeOfDischarge, c.placeOfDelivery].filter((x): x is string => Boolean(x)));
  const candidates = [...new Set([...onward, c.countryOfDestination ?? ''].filter((x) => x && x !== actor.country))];
  const members = candidates.length ? await db.select({ iso2: countries.iso2 }).from(countries).where(and(inArray(countries.iso2, candidates), eq(countries.member, true))) : [];
  const suggested = candidates.filter((x) => members.some((m) => m.iso2 === x));

  const what = facts.containers.length ? `container ${facts.containers.join(', ')}` : `${c.documentType} ${c.documentNumber}`;
  return {
    consignmentId,
    subject: `High-risk ${what}${c.vesselName ? ` on ${c.vesselName}` : ''}${c.placeOfDischarge ? ` to ${c.placeOfDischarge}` : ''}`.slice(0, 300),
    facts: { ...facts, goods: goodsSummary || undefined },
    reasons: reasons.length ? reasons.join('\n') : '',
    riskScore: assessment?.score ?? null,
    requestedAction: 'Examine on arrival (X-ray, physical if indicated) and report the result',
    deadline: c.estimatedArrivalDate?.slice(0, 10) ?? null,
    tlp: 'AMBER' as const,
    distribution: 'named' as const,
    recipients: suggested.map((country) => ({ country, unitId: null })),
  };
}
