/**
 * Imports a cargo file (JSON, CSV, UN/EDIFACT CUSCAR) for a unit: streams the parser's consignments, validates
 * each against the code lists, and stores accepted ones in batches — each batch one transaction with its audit
 * row and the import's running counts. Rejected consignments are reported with file, line/segment and field;
 * they never stop the others.
 *
 * Idempotent: a document whose content is already stored counts as "unchanged"; a changed document (same
 * carrier + number) becomes a new version ("amended"). So an import killed half-way is simply run again:
 * nothing is lost and nothing doubled.
 */
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { imports } from '../../db/schema.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import type { IntakeFormat } from '../../engine/intake/model.ts';
import type { ParseResult } from '../../engine/intake/types.ts';
import type { ByteSource } from '../../engine/intake/source.ts';
import { parseJson } from '../../engine/intake/json.ts';
import { parseCsv, type CsvMapping } from '../../engine/intake/csv.ts';
import { parseCuscar } from '../../engine/intake/cuscar.ts';
import { assessQuality, hasError, validateConsignment, type Problem } from '../../engine/validation/index.ts';
import { referenceLookup } from './reference-lookup.ts';
import { consignmentRow, contentHash, documentKey, equipmentRows, goodsRows, partyRows, type PreparedConsignment } from './consignment-rows.ts';

export const MAX_STORED_PROBLEMS = 1000;

const FILE_LEVEL_CODES = new Set<string>(['EDI_SEGMENT_COUNT', 'EDI_MESSAGE_COUNT', 'EDI_CONTROL_REFERENCE', 'EDI_MISSING_TRAILER', 'CSV_NOT_GROUPED', 'UNKNOWN_FORMAT', 'MAPPING_INVALID']);

export interface ImportOptions {
  unit: { id: string; country: string };
  format: IntakeFormat;
  source: ByteSource;
  fileName: string;
  fileSha256?: string;
  bytesTotal?: number;
  dryRun?: boolean;
  csvMapping?: CsvMapping;
  ctx: AuditContext;
  /** Use an existing imports row (uploads create it when the file arrives). */
  importId?: string;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal?: number;
  accepted: number;
  amended: number;
  unchanged: number;
  rejected: number;
}

export interface ReportedProblem {
  level: Problem['level'];
  code: string;
  message: string;
  field?: string;
  line?: number;
  segment?: number;
  file?: string;
}

export interface ImportSummary {
  importId: string | null;
  dryRun: boolean;
  consignments: { accepted: number; rejected: number; amended: number; unchanged: number };
  containers: number;
  goodsItems: number;
  problems: ReportedProblem[];
  problemCount: number;
}

function parse(opts: ImportOptions): AsyncGenerator<ParseResult> {
  switch (opts.format) {
    case 'json':
      return parseJson(opts.source, { file: opts.fileName });
    case 'csv':
      return parseCsv(opts.source, opts.csvMapping ?? {}, { file: opts.fileName });
    case 'cuscar':
      return parseCuscar(opts.source, { file: opts.fileName });
  }
}

function report(p: Problem): ReportedProblem {
  return {
    level: p.level,
    code: p.code,
    message: p.message,
    ...(p.field !== undefined ? { field: p.field } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.segment !== undefined ? { segment: p.segment } : {}),
    ...(p.file !== undefined ? { file: p.file } : {}),
  };
}

export async function importConsignments(db: Db, opts: ImportOptions): Promise<ImportSummary> {
  const ref = await referenceLookup();
  const dryRun = opts.dryRun ?? false;
  const batchSize = opts.batchSize ?? 500;
  const counts = { accepted: 0, amended: 0, unchanged: 0, rejected: 0 };
  let containers = 0;
  let goods = 0;
  const problems: ReportedProblem[] = [];
  let problemCount = 0;
  let bytesRead = 0;
  const note = (ps: Problem[]) => {
    for (const p of ps) {
      problemCount++;
      if (problems.length < MAX_STORED_PROBLEMS) problems.push(report(p));
    }
  };

  let importId: string | null = opts.importId ?? null;
  if (!dryRun && !importId) {
    const [row] = await db
      .insert(imports)
      .values({
        unitId: opts.unit.id,
        country: opts.unit.country,
        fileName: opts.fileName,
        fileSha256: opts.fileSha256 ?? '',
        format: opts.format,
        state: 'running',
        bytesTotal: opts.bytesTotal ?? null,
        createdBy: opts.ctx.actorUserId,
      })
      .returning({ id: imports.id });
    importId = row!.id;
  } else if (importId) {
    await db.update(imports).set({ state: 'running' }).where(eq(imports.id, importId));
  }

  let batch: PreparedConsignment[] = [];
  let batchKeys = new Set<string>();

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    batchKeys = new Set();
    const result = dryRun ? await classifyOnly(db, opts.unit.country, current) : await storeBatch(db, opts, importId!, current, { problemCount, problems, bytesRead });
    counts.accepted += result.accepted;
    counts.amended += result.amended;
    counts.unchanged += result.unchanged;
    containers += result.containers;
    goods += result.goods;
    opts.onProgress?.({ bytesRead, bytesTotal: opts.bytesTotal, ...counts });
  };

  for await (const result of parse(opts)) {
    bytesRead = Math.max(bytesRead, result.position.byteOffset);
    if (!result.consignment) {
      note(result.problems);
      // A record that could not be read is a rejected consignment; envelope problems (UNT/UNZ counts,
      // missing trailers) concern the file, whose consignments were already counted.
      if (result.problems.some((p) => p.level === 'error' && !FILE_LEVEL_CODES.has(p.code))) counts.rejected++;
      continue;
    }
    const c = result.consignment;
    const line = result.position.line;
    const validation = validateConsignment(c, ref, { file: opts.fileName, line, segment: result.position.segment });
    const all = [...result.problems, ...validation];
    note(all);
    if (hasError(all)) {
      counts.rejected++;
      continue;
    }
    const key = documentKey(c);
    // The same document twice in one batch: store the first before classifying the second as its amendment.
    if (batchKeys.has(key)) await flush();
    batch.push({ id: crypto.randomUUID(), key, hash: contentHash(c), consignment: c, quality: assessQuality(c, all), warnings: all });
    batchKeys.add(key);
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  if (importId) {
    await db
      .update(imports)
      .set({ state: 'done', rejected: counts.rejected, problems, problemCount, finishedAt: new Date(), bytesRead })
      .where(eq(imports.id, importId));
  }
  return { importId, dryRun, consignments: counts, containers, goodsItems: goods, problems, problemCount };
}

interface BatchResult {
  accepted: number;
  amended: number;
  unchanged: number;
  containers: number;
  goods: number;
}

interface Existing {
  document_key: string;
  content_hash: string;
  version: number;
  id: string;
  current: boolean;
}

async function existingFor(db: Db, country: string, batch: PreparedConsignment[]): Promise<Existing[]> {
  const keys = JSON.stringify([...new Set(batch.map((b) => b.key))]);
  const res = (await db.execute(sql`
    SELECT document_key, content_hash, version, id, is_current AS current
    FROM consignments
    WHERE country = ${country} AND document_key IN (SELECT jsonb_array_elements_text(${keys}::jsonb))`)) as unknown as { rows: Existing[] };
  return res.rows;
}

function classify(batch: PreparedConsignment[], existing: Existing[]) {
  const byKey = new Map<string, { hashes: Set<string>; maxVersion: number; currentId: string | null }>();
  for (const e of existing) {
    const entry = byKey.get(e.document_key) ?? { hashes: new Set(), maxVersion: 0, currentId: null };
    entry.hashes.add(e.content_hash);
    entry.maxVersion = Math.max(entry.maxVersion, e.version);
    if (e.current) entry.currentId = e.id;
    byKey.set(e.document_key, entry);
  }
  const fresh: { p: PreparedConsignment; version: number; supersedes: string | null }[] = [];
  let unchanged = 0;
  for (const p of batch) {
    const entry = byKey.get(p.key);
    if (entry?.hashes.has(p.hash)) {
      unchanged++;
      continue;
    }
    fresh.push({ p, version: (entry?.maxVersion ?? 0) + 1, supersedes: entry?.currentId ?? null });
  }
  return { fresh, unchanged };
}

async function classifyOnly(db: Db, country: string, batch: PreparedConsignment[]): Promise<BatchResult> {
  const { fresh, unchanged } = classify(batch, await existingFor(db, country, batch));
  return {
    accepted: fresh.filter((f) => f.supersedes === null).length,
    amended: fresh.filter((f) => f.supersedes !== null).length,
    unchanged,
    containers: fresh.reduce((n, f) => n + f.p.consignment.equipment.length, 0),
    goods: fresh.reduce((n, f) => n + f.p.consignment.goodsItems.length, 0),
  };
}

async function storeBatch(
  db: Db,
  opts: ImportOptions,
  importId: string,
  batch: PreparedConsignment[],
  progress: { problemCount: number; problems: ReportedProblem[]; bytesRead: number },
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    // Serialise writers of the same country so two imports cannot both create "version 2" of a document.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(72100, hashtext(${opts.unit.country}))`);
    const { fresh, unchanged } = classify(batch, await existingFor(tx as unknown as Db, opts.unit.country, batch));
    const superseded = fresh.map((f) => f.supersedes).filter((x): x is string => x !== null);
    if (superseded.length) {
      await tx.execute(sql`UPDATE consignments SET is_current = false WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(superseded)}::jsonb)::uuid)`);
    }
    const owner = { country: opts.unit.country, unitId: opts.unit.id, importId };
    const consRows = fresh.map((f) => consignmentRow(f.p, owner, f.version));
    const parties = fresh.flatMap((f) => partyRows(f.p));
    const goods = fresh.flatMap((f) => goodsRows(f.p));
    const equip = fresh.flatMap((f) => equipmentRows(f.p));
    if (consRows.length) {
      await tx.execute(sql`
        INSERT INTO consignments (id, country, unit_id, import_id, document_key, document_type, document_number,
          master_document_number, mode, carrier_code, carrier_name, vessel_name, imo_number, voyage_number, flight_number,
          place_of_loading, place_of_discharge, transshipments, place_of_delivery, country_of_origin, country_of_destination,
          departure_date, estimated_arrival_date, arrival_day, quality_score, quality_flags, problems, source, version,
          is_current, content_hash, search_text)
        SELECT id, country, unit_id, import_id, document_key, document_type, document_number, master_document_number, mode,
          carrier_code, carrier_name, vessel_name, imo_number, voyage_number, flight_number, place_of_loading,
          place_of_discharge, transshipments, place_of_delivery, country_of_origin, country_of_destination, departure_date,
          estimated_arrival_date, arrival_day, quality_score, quality_flags, problems, source, version, is_current,
          content_hash, search_text
        FROM jsonb_to_recordset(${JSON.stringify(consRows)}::jsonb) AS x(id uuid, country text, unit_id uuid, import_id uuid,
          document_key text, document_type text, document_number text, master_document_number text, mode text,
          carrier_code text, carrier_name text, vessel_name text, imo_number text, voyage_number text, flight_number text,
          place_of_loading text, place_of_discharge text, transshipments text[], place_of_delivery text,
          country_of_origin text, country_of_destination text, departure_date text, estimated_arrival_date text,
          arrival_day text, quality_score smallint, quality_flags jsonb, problems jsonb, source jsonb, version int,
          is_current boolean, content_hash text, search_text text)`);
    }
    if (parties.length) {
      await tx.execute(sql`
        INSERT INTO consignment_parties (consignment_id, role, name, name_key, address, city, postcode, country, identifiers)
        SELECT consignment_id, role, name, name_key, address, city, postcode, country, identifiers
        FROM jsonb_to_recordset(${JSON.stringify(parties)}::jsonb) AS x(consignment_id uuid, role text, name text, name_key text,
          address text, city text, postcode text, country text, identifiers jsonb)`);
    }
    if (goods.length) {
      await tx.execute(sql`
        INSERT INTO goods_items (consignment_id, seq, hs_code, description, package_count, package_type, gross_mass_kg,
          net_mass_kg, value, currency, un_number, container_numbers)
        SELECT consignment_id, seq, hs_code, description, package_count, package_type, gross_mass_kg, net_mass_kg, value,
          currency, un_number, container_numbers
        FROM jsonb_to_recordset(${JSON.stringify(goods)}::jsonb) AS x(consignment_id uuid, seq int, hs_code text,
          description text, package_count int, package_type text, gross_mass_kg double precision,
          net_mass_kg double precision, value double precision, currency text, un_number text, container_numbers text[])`);
    }
    if (equip.length) {
      await tx.execute(sql`
        INSERT INTO equipment (consignment_id, container_number, size_type, seals, full_empty)
        SELECT consignment_id, container_number, size_type, seals, full_empty
        FROM jsonb_to_recordset(${JSON.stringify(equip)}::jsonb) AS x(consignment_id uuid, container_number text,
          size_type text, seals text[], full_empty text)`);
    }
    const accepted = fresh.filter((f) => f.supersedes === null).length;
    const amended = fresh.length - accepted;
    await tx
      .update(imports)
      .set({
        accepted: sql`${imports.accepted} + ${accepted}`,
        amended: sql`${imports.amended} + ${amended}`,
        unchanged: sql`${imports.unchanged} + ${unchanged}`,
        containers: sql`${imports.containers} + ${equip.length}`,
        goodsItems: sql`${imports.goodsItems} + ${goods.length}`,
        bytesRead: progress.bytesRead,
        problemCount: progress.problemCount,
      })
      .where(and(eq(imports.id, importId)));
    if (fresh.length) {
      await record(
        tx,
        opts.ctx,
        { type: 'consignments.imported', data: { importId, accepted, amended, unchanged, documents: fresh.slice(0, 50).map((f) => f.p.consignment.documentNumber) } },
        { country: opts.unit.country, entityType: 'import', entityId: importId },
      );
    }
    return { accepted, amended, unchanged, containers: equip.length, goods: goods.length };
  });
}
