/**
 * Checks a seizure draft against the taxonomy, the reference data and what the actor may link to, and derives
 * what is never taken from input: the country, "made on shared information" and the data-quality score.
 * Every problem names its field (`items.1.unit`, `warningIds`, …).
 */
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import type { Distribution, Tlp } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { checkContainerNumber } from '../../engine/validation/check-digits.ts';
import { isIso4217 } from '../../engine/validation/currencies.ts';
import { isCalendarDay } from '../../engine/day.ts';
import { CONCEALMENT_METHODS, DETECTION_METHODS, TRANSPORT_MODES, commodityByCode, unitFits } from '../../engine/results/taxonomy.ts';
import { issueKeys, seizureQuality, type QualityResult, type SeizureForm } from '../../engine/results/quality.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import { groupMemberSql } from '../../policies/sharing.policy.ts';
import { seizureTlpProblem } from '../../policies/seizure.policy.ts';

export interface SeizureItemInput {
  commodity: string;
  description?: string;
  quantity: number;
  unit: string;
}

export interface SeizurePersonInput {
  kind: 'person' | 'company';
  name: string;
  role?: string;
  country?: string;
  identifier?: string;
  birthDate?: string;
}

export interface SeizureInput {
  reference?: string;
  form: SeizureForm;
  seizureDate: string;
  placeLocode?: string | null;
  consignmentId?: string | null;
  inspectionId?: string | null;
  containerNumber?: string | null;
  operationId?: string | null;
  warningIds?: string[];
  routeOrigin?: string | null;
  routeTransit?: string[];
  routeDestination?: string | null;
  transportMode?: string | null;
  concealment?: string | null;
  detectionMethod?: string | null;
  summary?: string;
  estimatedValue?: number | null;
  currency?: string | null;
  items: SeizureItemInput[];
  persons?: SeizurePersonInput[];
  tlp: Tlp;
  distribution: Distribution;
  groupId?: string | null;
  namedCountries?: string[];
}

export interface ResolvedSeizure {
  input: SeizureInput;
  containerNumber: string | null;
  namedCountries: string[];
  onSharedInformation: boolean;
  quality: QualityResult;
  qualityIssues: string[];
}

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { field });
const unknown = (field: string, message: string) => new AppError('UNKNOWN_REFERENCE', message, { field });
const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';

/** Checks that need no database: codes, units, dates, currency, TLP. Throws on the first problem. */
export function checkSeizureShape(input: SeizureInput): void {
  if (!isCalendarDay(input.seizureDate)) throw invalid('seizureDate', `seizureDate must be a real date (YYYY-MM-DD): "${input.seizureDate}" is not one`);
  if (input.seizureDate > new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)) throw invalid('seizureDate', 'seizureDate is in the future');
  if (!input.items.length) throw invalid('items', 'A seizure has at least one item');
  for (const [i, item] of input.items.entries()) {
    if (!commodityByCode.has(item.commodity)) throw invalid(`items.${i}.commodity`, `Unknown commodity "${item.commodity}"`);
    if (!unitFits(item.commodity, item.unit)) throw invalid(`items.${i}.unit`, `${item.commodity} is not measured in "${item.unit}" (use ${commodityByCode.get(item.commodity)!.units.join(', ')})`);
    if (!(item.quantity > 0) || !Number.isFinite(item.quantity)) throw invalid(`items.${i}.quantity`, 'The quantity must be more than 0');
  }
  const codes: [keyof SeizureInput, readonly string[]][] = [
    ['transportMode', TRANSPORT_MODES],
    ['concealment', CONCEALMENT_METHODS],
    ['detectionMethod', DETECTION_METHODS],
  ];
  for (const [field, list] of codes) {
    const v = input[field] as string | null | undefined;
    if (!blank(v) && !list.includes(v!)) throw invalid(field, `Unknown ${field} "${v}"`);
  }
  if (input.estimatedValue !== undefined && input.estimatedValue !== null) {
    if (!(input.estimatedValue >= 0)) throw invalid('estimatedValue', 'The estimated value cannot be negative');
    if (blank(input.currency)) throw invalid('currency', 'An estimated value needs its currency');
  }
  if (!blank(input.currency) && !isIso4217(input.currency!)) throw invalid('currency', `"${input.currency}" is not an ISO 4217 currency code`);
  for (const [i, p] of (input.persons ?? []).entries()) {
    if (p.birthDate && !isCalendarDay(p.birthDate)) throw invalid(`persons.${i}.birthDate`, `birthDate must be a real date (YYYY-MM-DD): "${p.birthDate}" is not one`);
  }
  const named = input.distribution === 'named' ? (input.namedCountries ?? []) : [];
  if (input.distribution === 'named' && named.length === 0) throw invalid('namedCountries', 'Named distribution needs at least one country');
  if (input.distribution === 'group' && blank(input.groupId) && blank(input.operationId)) throw invalid('groupId', 'Group distribution needs the sharing group (or an operation, whose group it then is)');
  const problem = seizureTlpProblem(input.tlp, input.distribution, named.length);
  if (problem) throw invalid('tlp', problem);
}

/** A route point is an ISO country code (AF) or a UN/LOCODE (AFKBL). */
function routeCode(v: string): { country: string; locode: string | null } {
  return { country: v.slice(0, 2), locode: v.length === 5 ? v : null };
}

export async function resolveSeizure(db: DbOrTx, actor: Actor, country: string, input: SeizureInput): Promise<ResolvedSeizure> {
  checkSeizureShape(input);
  let containerNumber: string | null = null;
  if (!blank(input.containerNumber)) {
    const check = checkContainerNumber(input.containerNumber!);
    if (!check.valid) throw invalid('containerNumber', `Not a valid container number: ${check.reason}`);
    containerNumber = check.normalized ?? null;
  }

  // Places and countries from the reference tables.
  const locodes = new Set<string>();
  const countries = new Set<string>();
  if (!blank(input.placeLocode)) locodes.add(input.placeLocode!);
  const routeFields: [string, string][] = [];
  if (!blank(input.routeOrigin)) routeFields.push(['routeOrigin', input.routeOrigin!]);
  for (const [i, t] of (input.routeTransit ?? []).entries()) routeFields.push([`routeTransit.${i}`, t]);
  if (!blank(input.routeDestination)) routeFields.push(['routeDestination', input.routeDestination!]);
  for (const [, v] of routeFields) {
    const r = routeCode(v);
    countries.add(r.country);
    if (r.locode) locodes.add(r.locode);
  }
  const named = input.distribution === 'named' ? [...new Set(input.namedCountries ?? [])] : [];
  for (const c of named) countries.add(c);
  for (const p of input.persons ?? []) if (p.country) countries.add(p.country);
  const knownLocodes = new Set(
    locodes.size ? (await rows<{ unlocode: string }>(db, sql`SELECT unlocode FROM locations WHERE unlocode IN (${sql.join([...locodes].map((l) => sql`${l}`), sql`, `)})`)).map((r) => r.unlocode) : [],
  );
  const knownCountries = new Set(
    countries.size ? (await rows<{ iso2: string }>(db, sql`SELECT iso2 FROM countries WHERE iso2 IN (${sql.join([...countries].map((c) => sql`${c}`), sql`, `)})`)).map((r) => r.iso2) : [],
  );
  if (!blank(input.placeLocode) && !knownLocodes.has(input.placeLocode!)) throw unknown('placeLocode', `Unknown UN/LOCODE ${input.placeLocode}`);
  for (const [field, v] of routeFields) {
    const r = routeCode(v);
    if (!knownCountries.has(r.country) || (r.locode && !knownLocodes.has(r.locode))) throw unknown(field, `Unknown country or UN/LOCODE ${v}`);
  }
  for (const c of named) if (!knownCountries.has(c)) throw unknown('namedCountries', `Unknown country ${c}`);
  for (const [i, p] of (input.persons ?? []).entries()) if (p.country && !knownCountries.has(p.country)) throw unknown(`persons.${i}.country`, `Unknown country ${p.country}`);

  // Links to the actor's own visible records.
  if (!blank(input.consignmentId)) {
    const found = await rows(db, sql`SELECT 1 FROM consignments WHERE id = ${input.consignmentId} AND ${visibleConsignmentsWhere(actor)}`);
    if (!found.length) throw unknown('consignmentId', 'Unknown consignment');
  }
  if (!blank(input.inspectionId)) {
    const found = await rows<{ consignmentId: string }>(
      db,
      sql`SELECT i.consignment_id AS "consignmentId" FROM inspections i JOIN consignments ON consignments.id = i.consignment_id WHERE i.id = ${input.inspectionId} AND ${visibleConsignmentsWhere(actor)}`,
    );
    if (!found.length) throw unknown('inspectionId', 'Unknown inspection');
    if (!blank(input.consignmentId) && found[0]!.consignmentId !== input.consignmentId) throw unknown('inspectionId', 'The inspection is not one of the linked consignment');
  }
  let groupId = input.distribution === 'group' ? (input.groupId ?? null) : null;
  if (!blank(input.operationId)) {
    const found = await rows<{ groupId: string }>(
      db,
      sql`SELECT o.group_id AS "groupId" FROM operations o WHERE o.id = ${input.operationId} AND (o.coordinating_unit_id = ${actor.unitId ?? '00000000-0000-0000-0000-000000000000'} OR ${groupMemberSql(actor, sql`o.group_id`)})`,
    );
    if (!found.length) throw unknown('operationId', 'Unknown operation');
    // Shared with "the group" in an operation means the operation's closed user group.
    if (input.distribution === 'group' && blank(groupId)) groupId = found[0]!.groupId;
  }
  if (input.distribution === 'group') {
    const found = await rows(db, sql`SELECT 1 FROM sharing_groups g WHERE g.id = ${groupId} AND ${groupMemberSql(actor, sql`g.id`)}`);
    if (!found.length) throw unknown('groupId', 'Unknown sharing group');
  }
  const warningIds = [...new Set(input.warningIds ?? [])];
  let onSharedInformation = false;
  if (warningIds.length) {
    const found = await rows<{ id: string; senderCountry: string }>(
      db,
      sql`SELECT w.id, w.sender_country AS "senderCountry" FROM warnings w WHERE w.id IN (${sql.join(warningIds.map((id) => sql`${id}`), sql`, `)}) AND ${visibleWarningsWhere(actor)}`,
    );
    if (found.length !== warningIds.length) throw unknown('warningIds', 'Unknown warning');
    // The network's key figure: computed from the linked warnings, never taken from input.
    onSharedInformation = found.some((w) => w.senderCountry !== country);
  }

  const quality = seizureQuality({ ...input, containerNumber });
  return { input: { ...input, warningIds, groupId }, containerNumber, namedCountries: named, onSharedInformation, quality, qualityIssues: issueKeys(quality) };
}
