/**
 * Seizure records: recorded by a unit's officers, shared by distribution and TLP like warnings, linked to the
 * cargo, inspections and warnings that led to them. "Made on shared information" (a linked warning from
 * another country) and the data-quality score are computed here, never taken from input. Reading a record
 * (and its photos) is audited in the transaction that reads it.
 */
import crypto from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Db, type Tx } from '../../db/client.ts';
import { seizureItems, seizurePersons, seizurePhotos, seizures, seizureWarnings, units } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canEditSeizure, canRecordSeizure, visibleSeizuresWhere } from '../../policies/seizure.policy.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { resolveSeizure, type ResolvedSeizure, type SeizureInput } from './seizure-input.ts';

export type { SeizureInput } from './seizure-input.ts';

export interface SeizureFilters {
  from?: string;
  to?: string;
  country?: string;
  commodity?: string;
  detectionMethod?: string;
  operationId?: string;
  onSharedInformation?: boolean;
}

export function newSeizureReference(country: string, date: string): string {
  return `S-${country}-${date.slice(0, 4)}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
}

function columns(r: ResolvedSeizure) {
  const i = r.input;
  return {
    seizureDate: i.seizureDate,
    placeLocode: i.placeLocode || null,
    consignmentId: i.consignmentId || null,
    inspectionId: i.inspectionId || null,
    containerNumber: r.containerNumber,
    operationId: i.operationId || null,
    routeOrigin: i.routeOrigin || null,
    routeTransit: i.routeTransit ?? [],
    routeDestination: i.routeDestination || null,
    transportMode: i.transportMode || null,
    concealment: i.concealment || null,
    detectionMethod: i.detectionMethod || null,
    summary: i.summary ?? '',
    estimatedValue: i.estimatedValue ?? null,
    currency: i.currency || null,
    form: i.form,
    qualityScore: r.quality.score,
    qualityIssues: r.qualityIssues,
    onSharedInformation: r.onSharedInformation,
    tlp: i.tlp,
    distribution: i.distribution,
    groupId: i.distribution === 'group' ? (i.groupId ?? null) : null,
    namedCountries: r.namedCountries,
  };
}

async function writeChildren(tx: Tx, seizureId: string, r: ResolvedSeizure): Promise<void> {
  const i = r.input;
  await tx.insert(seizureItems).values(i.items.map((it) => ({ seizureId, commodity: it.commodity, description: it.description ?? '', quantity: it.quantity, unit: it.unit })));
  if (i.warningIds?.length) await tx.insert(seizureWarnings).values(i.warningIds.map((warningId) => ({ seizureId, warningId })));
  if (i.persons?.length) {
    await tx.insert(seizurePersons).values(
      i.persons.map((p) => ({ seizureId, kind: p.kind, name: p.name, role: p.role ?? null, country: p.country ?? null, identifier: p.identifier ?? null, birthDate: p.birthDate ?? null })),
    );
  }
}

async function assertReferenceFree(db: Db | Tx, reference: string, exceptId?: string): Promise<void> {
  const [taken] = await db.select({ id: seizures.id }).from(seizures).where(eq(seizures.reference, reference));
  if (taken && taken.id !== exceptId) throw new AppError('CONFLICT', `Seizure reference ${reference} is taken`, { field: 'reference' });
}

/** Inserts a resolved seizure with its items, warnings and persons (inside the caller's transaction). */
export async function insertSeizure(tx: Tx, actor: Actor, r: ResolvedSeizure, reference: string) {
  const [row] = await tx
    .insert(seizures)
    .values({ reference, unitId: actor.unitId!, country: actor.country!, createdBy: actor.userId, ...columns(r) })
    .returning();
  await writeChildren(tx, row!.id, r);
  return row!;
}

export async function createSeizure(db: Db, actor: Actor, ctx: AuditContext, input: SeizureInput) {
  if (!canRecordSeizure(actor)) throw forbidden('seizure.create');
  const resolved = await resolveSeizure(db, actor, actor.country!, input);
  const reference = input.reference?.trim() || newSeizureReference(actor.country!, input.seizureDate);
  await assertReferenceFree(db, reference);
  return db.transaction(async (tx) => {
    const row = await insertSeizure(tx, actor, resolved, reference);
    await record(
      tx,
      ctx,
      { type: 'seizure.created', data: { seizureId: row.id, reference, tlp: row.tlp, distribution: row.distribution, onSharedInformation: row.onSharedInformation, qualityScore: row.qualityScore } },
      { country: row.country, entityType: 'seizure', entityId: row.id },
    );
    return row;
  });
}

async function findVisible(db: Db | Tx, actor: Actor, id: string) {
  const [s] = await db.select().from(seizures).where(and(eq(seizures.id, id), sql`${visibleSeizuresWhere(actor, 'seizures')}`));
  if (!s) throw notFound('Seizure');
  return s;
}

export async function updateSeizure(db: Db, actor: Actor, ctx: AuditContext, id: string, input: SeizureInput) {
  const current = await findVisible(db, actor, id);
  if (!canEditSeizure(actor, current)) throw forbidden('seizure.update');
  // Links are resolved as the recording unit's country sees them.
  const resolved = await resolveSeizure(db, actor, current.country, input);
  const reference = input.reference?.trim() || current.reference;
  await assertReferenceFree(db, reference, id);
  const next = { reference, ...columns(resolved) };
  const changes = Object.entries(next)
    .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((current as Record<string, unknown>)[k]))
    .map(([k]) => k)
    .filter((k) => k !== 'qualityIssues');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(seizures)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(seizures.id, id))
      .returning();
    await tx.delete(seizureItems).where(eq(seizureItems.seizureId, id));
    await tx.delete(seizureWarnings).where(eq(seizureWarnings.seizureId, id));
    await tx.delete(seizurePersons).where(eq(seizurePersons.seizureId, id));
    await writeChildren(tx, id, resolved);
    await record(tx, ctx, { type: 'seizure.updated', data: { seizureId: id, reference, changes: [...changes, 'items', 'persons', 'warnings'] } }, { country: row!.country, entityType: 'seizure', entityId: id });
    return row!;
  });
}

/** The WHERE clause of a filtered list (alias `s`), visibility included. */
export function seizureFilterSql(actor: Actor, f: SeizureFilters): SQL {
  const parts: SQL[] = [visibleSeizuresWhere(actor, 's')];
  if (f.from) parts.push(sql`s.seizure_date >= ${f.from}`);
  if (f.to) parts.push(sql`s.seizure_date <= ${f.to}`);
  if (f.country) parts.push(sql`s.country = ${f.country}`);
  if (f.detectionMethod) parts.push(sql`s.detection_method = ${f.detectionMethod}`);
  if (f.operationId) parts.push(sql`s.operation_id = ${f.operationId}`);
  if (f.onSharedInformation !== undefined) parts.push(sql`s.on_shared_information = ${f.onSharedInformation}`);
  if (f.commodity) parts.push(sql`EXISTS (SELECT 1 FROM seizure_items i WHERE i.seizure_id = s.id AND i.commodity = ${f.commodity})`);
  return sql.join(parts, sql` AND `);
}

export interface SeizureListRow {
  id: string;
  reference: string;
  seizureDate: string;
  country: string;
  unitCode: string;
  placeLocode: string | null;
  form: string;
  detectionMethod: string | null;
  concealment: string | null;
  transportMode: string | null;
  routeOrigin: string | null;
  routeDestination: string | null;
  onSharedInformation: boolean;
  operationId: string | null;
  tlp: string;
  distribution: string;
  qualityScore: number;
  items: { commodity: string; description: string; quantity: number; unit: string }[];
}

export async function listSeizures(db: Db, actor: Actor, f: SeizureFilters, page: { limit: number; offset: number }) {
  const where = seizureFilterSql(actor, f);
  const data = await rows<SeizureListRow>(
    db,
    sql`SELECT s.id, s.reference, s.seizure_date AS "seizureDate", s.country, u.code AS "unitCode", s.place_locode AS "placeLocode", s.form,
          s.detection_method AS "detectionMethod", s.concealment, s.transport_mode AS "transportMode", s.route_origin AS "routeOrigin",
          s.route_destination AS "routeDestination", s.on_shared_information AS "onSharedInformation", s.operation_id AS "operationId",
          s.tlp, s.distribution, s.quality_score AS "qualityScore",
          COALESCE((SELECT json_agg(json_build_object('commodity', i.commodity, 'description', i.description, 'quantity', i.quantity, 'unit', i.unit) ORDER BY i.quantity DESC)
                    FROM seizure_items i WHERE i.seizure_id = s.id), '[]'::json) AS items
        FROM seizures s JOIN units u ON u.id = s.unit_id
        WHERE ${where}
        ORDER BY s.seizure_date DESC, s.created_at DESC
        LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  const [total] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM seizures s WHERE ${where}`);
  return { data, page: { total: total?.n ?? 0, limit: page.limit, offset: page.offset } };
}

/** One seizure with its items, persons, warnings and photos; the read is audited with it. */
export async function readSeizure(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const s = await findVisible(tx, actor, id);
    await record(tx, ctx, { type: 'seizure.read', data: { seizureId: id, readerCountry: actor.country } }, { country: s.country, entityType: 'seizure', entityId: id });
    const [unit] = await tx.select({ code: units.code, name: units.name, nameRu: units.nameRu }).from(units).where(eq(units.id, s.unitId));
    const items = await tx.select().from(seizureItems).where(eq(seizureItems.seizureId, id)).orderBy(asc(seizureItems.commodity));
    const persons = await tx.select().from(seizurePersons).where(eq(seizurePersons.seizureId, id));
    // Who shared the information: country and unit of every linked warning; subject only when the reader may see it.
    const linked = await rows<{ id: string; senderCountry: string; senderUnitCode: string; senderUnitName: string; visible: boolean; subject: string | null }>(
      tx,
      sql`SELECT w.id, w.sender_country AS "senderCountry", u.code AS "senderUnitCode", u.name AS "senderUnitName",
            ${visibleWarningsWhere(actor)} AS visible, CASE WHEN ${visibleWarningsWhere(actor)} THEN w.subject END AS subject
          FROM seizure_warnings sw JOIN warnings w ON w.id = sw.warning_id JOIN units u ON u.id = w.sender_unit_id
          WHERE sw.seizure_id = ${id} ORDER BY w.sent_at`,
    );
    const photos = await tx
      .select({ id: seizurePhotos.id, filename: seizurePhotos.filename, contentType: seizurePhotos.contentType, size: seizurePhotos.size, createdAt: seizurePhotos.createdAt })
      .from(seizurePhotos)
      .where(eq(seizurePhotos.seizureId, id))
      .orderBy(asc(seizurePhotos.createdAt));
    const editable = canEditSeizure(actor, s);
    return {
      seizure: s,
      unit: unit!,
      items,
      persons,
      warnings: linked.map((w) => (w.visible ? w : { ...w, id: null })),
      sharedBy: linked.filter((w) => w.senderCountry !== s.country).map((w) => ({ country: w.senderCountry, unitCode: w.senderUnitCode, unitName: w.senderUnitName })),
      photos,
      can: { edit: editable, addPhoto: editable },
    };
  });
}

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Image type from the first bytes (never from the file name or the declared type). */
export function imageType(data: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export async function addSeizurePhoto(db: Db, actor: Actor, ctx: AuditContext, id: string, file: { filename: string; data: Buffer }) {
  const s = await findVisible(db, actor, id);
  if (!canEditSeizure(actor, s)) throw forbidden('seizure.photo');
  if (file.data.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty', { field: 'file' });
  if (file.data.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`, { field: 'file' });
  const contentType = imageType(file.data);
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Photos must be JPEG, PNG or WebP images', { field: 'file' });
  const filename = file.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'photo';
  return db.transaction(async (tx) => {
    const [p] = await tx
      .insert(seizurePhotos)
      .values({ seizureId: id, filename, contentType, size: file.data.length, data: file.data, createdBy: actor.userId })
      .returning({ id: seizurePhotos.id, filename: seizurePhotos.filename, contentType: seizurePhotos.contentType, size: seizurePhotos.size, createdAt: seizurePhotos.createdAt });
    await record(tx, ctx, { type: 'seizure.photo_added', data: { seizureId: id, photoId: p!.id, contentType, size: file.data.length } }, { country: s.country, entityType: 'seizure', entityId: id });
    return p!;
  });
}

export async function readSeizurePhoto(db: Db, actor: Actor, ctx: AuditContext, id: string, photoId: string) {
  return db.transaction(async (tx) => {
    const s = await findVisible(tx, actor, id);
    const [p] = await tx.select().from(seizurePhotos).where(and(eq(seizurePhotos.id, photoId), eq(seizurePhotos.seizureId, id)));
    if (!p) throw notFound('Photo');
    await record(tx, ctx, { type: 'seizure.photo_read', data: { seizureId: id, photoId, readerCountry: actor.country } }, { country: s.country, entityType: 'seizure', entityId: id });
    return p;
  });
}
