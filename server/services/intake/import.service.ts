/**
 * Imports a cargo file (JSON, CSV, UN/EDIFACT CUSCAR) for a unit: streams the parser's consignments, validates
 * each against the code lists, and stores accepted ones in batches — each batch one transaction with its audit
 * row and the import's running counts. Rows go in with COPY (PostgreSQL and PGlite); a batch is written while
 * the next one is parsed. Rejected consignments are reported with file, line/segment and field;
 * they never stop the others.
 *
 * Idempotent: a document whose content is already stored counts as "unchanged"; a changed document (same
 * carrier + number) becomes a new version ("amended"). So an import killed half-way is simply run again:
 * nothing is lost and nothing doubled.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { rows, type Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { imports } from '../../db/schema.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import type { IntakeFormat } from '../../engine/intake/model.ts';
import type { ParseResult } from '../../engine/intake/types.ts';
import type { ByteSource } from '../../engine/intake/source.ts';
import { parseJson } from '../../engine/intake/json.ts';
import { parseCsv, type CsvMapping } from '../../engine/intake/csv.ts';
import { parseCuscar } from '../../engine/intake/cuscar.ts';
import { decodeForFormat, type DecodedSource, type TextEncoding } from '../../engine/intake/encoding.ts';
import { assessQuality, hasError, problem, validateConsignment, type Problem } from '../../engine/validation/index.ts';
import { referenceLookup } from './reference-lookup.ts';
import { addDictionaryWords, wordsOfNames } from './party-tokens.ts';
import {
  columnList,
  consignmentRow,
  contentHash,
  copyRows,
  documentKey,
  equipmentRows,
  goodsRows,
  partyRows,
  type CopyRows,
  type IntakeTable,
  type PreparedConsignment,
} from './consignment-rows.ts';

export const MAX_STORED_PROBLEMS = 1000;

const FILE_LEVEL_CODES = new Set<string>(['ENCODING_UNSURE', 'EDI_SEGMENT_COUNT', 'EDI_MESSAGE_COUNT', 'EDI_CONTROL_REFERENCE', 'EDI_MISSING_TRAILER', 'CSV_NOT_GROUPED', 'CSV_MISSING_COLUMN', 'UNKNOWN_FORMAT', 'MAPPING_INVALID']);

export interface ImportOptions {
  unit: { id: string; country: string };
  format: IntakeFormat;
  source: ByteSource;
  fileName: string;
  fileSha256?: string;
  bytesTotal?: number;
  dryRun?: boolean;
  csvMapping?: CsvMapping;
  /** Character encoding; default auto (BOM, UTF-8 or Windows-1251 Cyrillic; CUSCAR by its UNB syntax identifier). */
  encoding?: TextEncoding;
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
  /** Encoding the file was read in (`unb`: CUSCAR decoded by its UNB syntax identifier). */
  encoding: string;
}

function parse(opts: ImportOptions, source: ByteSource): AsyncGenerator<ParseResult> {
  switch (opts.format) {
    case 'json':
      return parseJson(source, { file: opts.fileName });
    case 'csv':
      return parseCsv(source, opts.csvMapping ?? {}, { file: opts.fileName });
    case 'cuscar':
      return parseCuscar(source, { file: opts.fileName });
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
  const raw = rawConnection(db);
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
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

  let batch: BatchEntry[] = [];
  let batchKeys = new Set<string>();
  // One batch is stored while the next one is parsed and validated (the database and the parser work in
  // parallel); batches are stored strictly in order, each classified after the previous one committed.
  let storing: Promise<void> | null = null;
  let storeError: { error: unknown } | null = null;

  const settle = async () => {
    if (storing) await storing;
    storing = null;
    if (storeError) throw storeError.error;
  };

  const flush = async () => {
    await settle();
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    batchKeys = new Set();
    const progress = { problemCount, problems, bytesRead };
    const apply = (result: BatchResult) => {
      counts.accepted += result.accepted;
      counts.amended += result.amended;
      counts.unchanged += result.unchanged;
      containers += result.containers;
      goods += result.goods;
      opts.onProgress?.({ bytesRead: progress.bytesRead, bytesTotal: opts.bytesTotal, ...counts });
    };
    if (dryRun) {
      apply(await classifyOnly(db, opts.unit.country, current));
      return;
    }
    storing = storeBatch(db, raw, opts, importId!, current, progress).then(apply, (error: unknown) => {
      storeError = { error };
    });
  };

  let sinceYield = 0;
  const decoded: DecodedSource | undefined = decodeForFormat(opts.source, opts.format, opts.encoding);
  try {
    for await (const result of parse(opts, decoded?.stream ?? opts.source)) {
      // While a batch is being written, let its database round trips through every few consignments: a parser
      // reading from a buffered stream runs on microtasks only, and the writer's next statement would wait for
      // the end of the chunk (the database idle meanwhile).
      if (storing && ++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToIo();
      }
      // Offsets of a transcoded file count UTF-8 bytes: progress uses the file bytes read instead.
      bytesRead = decoded ? decoded.bytesIn() : Math.max(bytesRead, result.position.byteOffset);
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
      const all = result.problems.length === 0 ? validation : validation.length === 0 ? result.problems : [...result.problems, ...validation];
      note(all);
      if (hasError(all)) {
        counts.rejected++;
        continue;
      }
      const key = documentKey(c);
      // The same document twice in one batch: store the first before classifying the second as its amendment.
      if (batchKeys.has(key)) await flush();
      const prepared: PreparedConsignment = { id: crypto.randomUUID(), key, hash: contentHash(c), consignment: c, quality: assessQuality(c, all), warnings: all };
      const entry: BatchEntry = {
        key,
        hash: prepared.hash,
        documentNumber: c.documentNumber,
        goods: c.goodsItems.length,
        containers: c.equipment.length,
        words: wordsOfNames(c.parties.map((x) => x.name)),
      };
      // With COPY the rows are turned into text here, while the previous batch is being written (not on the
      // batch's critical path), and the parsed objects are let go at once (less for the garbage collector).
      if (raw && !dryRun) entry.copy = copyBuffers(copyRows(prepared, { country: opts.unit.country, unitId: opts.unit.id, importId }));
      else entry.prepared = prepared;
      batch.push(entry);
      batchKeys.add(key);
      if (batch.length >= batchSize) await flush();
      else if (storeError) await settle();
    }
    await flush();
    await settle();
    if (decoded?.unsure()) {
      note([
        problem({
          code: 'ENCODING_UNSURE',
          message: `${opts.fileName} is not valid UTF-8 and does not read as Windows-1251 Cyrillic; decoded as UTF-8 with invalid bytes replaced (give the encoding)`,
          file: opts.fileName,
        }),
      ]);
    }
  } finally {
    // Never leave a batch being written behind (e.g. when the parser or a validation throws).
    if (storing) await storing;
  }

  if (importId) {
    await db
      .update(imports)
      .set({ state: 'done', rejected: counts.rejected, problems, problemCount, finishedAt: new Date(), bytesRead })
      .where(eq(imports.id, importId));
  }
  return { importId, dryRun, consignments: counts, containers, goodsItems: goods, problems, problemCount, encoding: decoded?.encoding() ?? 'unb' };
}

/**
 * Consignments per stored batch (one transaction). Large batches make COPY and the index updates cheaper per
 * row; memory holds two batches (one being stored, one being parsed), a few MB each.
 */
export const DEFAULT_BATCH_SIZE = 2000;

/** Consignments parsed between two turns of the event loop while a batch is being written. */
const YIELD_EVERY = 25;

/** A consignment waiting in a batch: its rows as COPY text (COPY paths), or the prepared consignment. */
interface BatchEntry {
  key: string;
  hash: string;
  documentNumber: string;
  goods: number;
  containers: number;
  /** The party-name words, for the party_name_tokens dictionary. */
  words: string[];
  copy?: CopyBuffers;
  prepared?: PreparedConsignment;
}

/**
 * COPY rows as UTF-8 bytes, the consignments line without its version (see consignmentLine). Held as buffers
 * (outside the JavaScript heap) rather than strings while the batch waits: less work for the garbage collector.
 */
type CopyBuffers = Record<IntakeTable, Buffer>;

const EMPTY = Buffer.alloc(0);

function copyBuffers(rows: CopyRows): CopyBuffers {
  return {
    consignments: Buffer.from(rows.consignments),
    consignment_parties: rows.consignment_parties === '' ? EMPTY : Buffer.from(rows.consignment_parties),
    goods_items: rows.goods_items === '' ? EMPTY : Buffer.from(rows.goods_items),
    equipment: rows.equipment === '' ? EMPTY : Buffer.from(rows.equipment),
  };
}

const versionBytes = new Map<number, Buffer>();
/** `<version>\n`, ending a consignments line. */
function versionEnd(version: number): Buffer {
  let b = versionBytes.get(version);
  if (!b) {
    b = Buffer.from(`${version}\n`);
    if (versionBytes.size < 100) versionBytes.set(version, b);
  }
  return b;
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

async function existingFor(db: Db, country: string, batch: readonly { key: string }[]): Promise<Existing[]> {
  const keys = JSON.stringify([...new Set(batch.map((b) => b.key))]);
  return rows<Existing>(db, sql`
    SELECT document_key, content_hash, version, id, is_current AS current
    FROM consignments
    WHERE country = ${country} AND document_key IN (SELECT jsonb_array_elements_text(${keys}::jsonb))`);
}

function classify<T extends { key: string; hash: string }>(batch: T[], existing: Existing[]) {
  const byKey = new Map<string, { hashes: Set<string>; maxVersion: number; currentId: string | null }>();
  for (const e of existing) {
    const entry = byKey.get(e.document_key) ?? { hashes: new Set(), maxVersion: 0, currentId: null };
    entry.hashes.add(e.content_hash);
    entry.maxVersion = Math.max(entry.maxVersion, e.version);
    if (e.current) entry.currentId = e.id;
    byKey.set(e.document_key, entry);
  }
  const fresh: { p: T; version: number; supersedes: string | null }[] = [];
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

async function classifyOnly(db: Db, country: string, batch: BatchEntry[]): Promise<BatchResult> {
  const { fresh, unchanged } = classify(batch, await existingFor(db, country, batch));
  return {
    accepted: fresh.filter((f) => f.supersedes === null).length,
    amended: fresh.filter((f) => f.supersedes !== null).length,
    unchanged,
    containers: fresh.reduce((n, f) => n + f.p.containers, 0),
    goods: fresh.reduce((n, f) => n + f.p.goods, 0),
  };
}

// ---------------------------------------------------------------- storing

/** The connection behind the Drizzle handle, when it is one of ours: rows then go in with COPY. */
type RawConnection = { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; pglite: PGlite };

function rawConnection(db: Db): RawConnection | undefined {
  // drizzle() keeps its driver client as `$client` (not part of the PgDatabase type).
  const client: unknown = '$client' in db ? db.$client : undefined;
  if (client instanceof pg.Pool) return { kind: 'postgres', pool: client };
  if (client instanceof PGlite) return { kind: 'pglite', pglite: client };
  return undefined;
}

/** One batch transaction: Drizzle for the small statements, and COPY of intake rows when the connection allows. */
interface BatchTx {
  db: Db;
  copy?: (table: IntakeTable, data: Buffer[]) => Promise<void>;
}

type RowOf<T extends IntakeTable> = T extends 'consignments'
  ? ReturnType<typeof consignmentRow>
  : T extends 'consignment_parties'
    ? ReturnType<typeof partyRows>[number]
    : T extends 'goods_items'
      ? ReturnType<typeof goodsRows>[number]
      : ReturnType<typeof equipmentRows>[number];

/**
 * Runs a batch in one transaction.
 * - PostgreSQL (pool): a pooled client with BEGIN/COMMIT; rows with COPY … FROM STDIN (pg-copy-streams).
 * - PGlite: its exclusive transaction; rows with COPY … FROM '/dev/blob' (faster than jsonb_to_recordset there too).
 * - Any other Drizzle handle: db.transaction with INSERT … SELECT FROM jsonb_to_recordset.
 */
async function inBatchTransaction<R>(db: Db, raw: RawConnection | undefined, fn: (tx: BatchTx) => Promise<R>): Promise<R> {
  if (raw?.kind === 'postgres') {
    const client = await raw.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const txDb = drizzlePg(client, { schema }) as unknown as Db;
      const result = await fn({
        db: txDb,
        copy: async (table, data) => {
          const bytes = Buffer.concat(data);
          if (bytes.length === 0) return;
          const stream = client.query(copyFrom(`COPY ${table} (${columnList(table)}) FROM STDIN`));
          await pipeline(Readable.from([bytes]), stream);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
  if (raw?.kind === 'pglite') {
    return raw.pglite.transaction(async (t) => {
      // A Drizzle handle over the PGlite transaction: it only needs query(), which the transaction has.
      const txDb = drizzlePglite(t as unknown as PGlite, { schema }) as unknown as Db;
      return fn({
        db: txDb,
        copy: async (table, data) => {
          const blob = new Blob(data);
          if (blob.size === 0) return;
          await t.query(`COPY ${table} (${columnList(table)}) FROM '/dev/blob'`, [], { blob });
        },
      });
    });
  }
  return db.transaction(async (tx) => fn({ db: tx as unknown as Db }));
}

async function insertJsonb<T extends IntakeTable>(tx: Db, table: T, rows: RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows);
  switch (table) {
    case 'consignments':
      await tx.execute(sql`
        INSERT INTO consignments (id, country, unit_id, import_id, document_key, document_type, document_number,
          master_document_number, mode, carrier_code, carrier_name, vessel_name, imo_number, voyage_number, flight_number,
          place_of_loading, place_of_discharge, transshipments, place_of_delivery, country_of_origin, country_of_destination,
          departure_date, estimated_arrival_date, arrival_day, quality_score, quality_flags, problems, source, version,
          is_current, content_hash)
        SELECT id, country, unit_id, import_id, document_key, document_type, document_number, master_document_number, mode,
          carrier_code, carrier_name, vessel_name, imo_number, voyage_number, flight_number, place_of_loading,
          place_of_discharge, transshipments, place_of_delivery, country_of_origin, country_of_destination, departure_date,
          estimated_arrival_date, arrival_day, quality_score, quality_flags, problems, source, version, is_current,
          content_hash
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, country text, unit_id uuid, import_id uuid,
          document_key text, document_type text, document_number text, master_document_number text, mode text,
          carrier_code text, carrier_name text, vessel_name text, imo_number text, voyage_number text, flight_number text,
          place_of_loading text, place_of_discharge text, transshipments text[], place_of_delivery text,
          country_of_origin text, country_of_destination text, departure_date text, estimated_arrival_date text,
          arrival_day text, quality_score smallint, quality_flags jsonb, problems jsonb, source jsonb, version int,
          is_current boolean, content_hash text)`);
      return;
    case 'consignment_parties':
      await tx.execute(sql`
        INSERT INTO consignment_parties (consignment_id, role, name, name_key, name_tokens, address, city, postcode, country, identifiers)
        SELECT consignment_id, role, name, name_key, name_tokens, address, city, postcode, country, identifiers
        FROM jsonb_to_recordset(${json}::jsonb) AS x(consignment_id uuid, role text, name text, name_key text,
          name_tokens text[], address text, city text, postcode text, country text, identifiers jsonb)`);
      return;
    case 'goods_items':
      await tx.execute(sql`
        INSERT INTO goods_items (consignment_id, seq, hs_code, description, package_count, package_type, gross_mass_kg,
          net_mass_kg, value, currency, un_number, container_numbers)
        SELECT consignment_id, seq, hs_code, description, package_count, package_type, gross_mass_kg, net_mass_kg, value,
          currency, un_number, container_numbers
        FROM jsonb_to_recordset(${json}::jsonb) AS x(consignment_id uuid, seq int, hs_code text,
          description text, package_count int, package_type text, gross_mass_kg double precision,
          net_mass_kg double precision, value double precision, currency text, un_number text, container_numbers text[])`);
      return;
    case 'equipment':
      await tx.execute(sql`
        INSERT INTO equipment (consignment_id, container_number, size_type, seals, full_empty)
        SELECT consignment_id, container_number, size_type, seals, full_empty
        FROM jsonb_to_recordset(${json}::jsonb) AS x(consignment_id uuid, container_number text,
          size_type text, seals text[], full_empty text)`);
      return;
  }
}

async function storeBatch(
  db: Db,
  raw: RawConnection | undefined,
  opts: ImportOptions,
  importId: string,
  batch: BatchEntry[],
  progress: { problemCount: number; problems: ReportedProblem[]; bytesRead: number },
): Promise<BatchResult> {
  return inBatchTransaction(db, raw, async ({ db: tx, copy }) => {
    // Serialise writers of the same country so two imports cannot both create "version 2" of a document.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(72100, hashtext(${opts.unit.country}))`);
    const { fresh, unchanged } = classify(batch, await existingFor(tx, opts.unit.country, batch));
    const superseded = fresh.map((f) => f.supersedes).filter((x): x is string => x !== null);
    if (superseded.length) {
      await tx.execute(sql`UPDATE consignments SET is_current = false WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(superseded)}::jsonb)::uuid)`);
    }
    const owner = { country: opts.unit.country, unitId: opts.unit.id, importId };
    let containerCount = 0;
    let goodsCount = 0;
    for (const f of fresh) {
      containerCount += f.p.containers;
      goodsCount += f.p.goods;
    }
    const prepared = (e: BatchEntry): PreparedConsignment => {
      if (!e.prepared) throw new Error(`consignment ${e.documentNumber} was not kept for the batch`);
      return e.prepared;
    };
    if (copy) {
      const rows = fresh.map((f) => ({ rows: f.p.copy ?? copyBuffers(copyRows(prepared(f.p), owner)), version: f.version }));
      // Parents first: the child tables reference consignments.
      const lines: Buffer[] = [];
      for (const r of rows) lines.push(r.rows.consignments, versionEnd(r.version));
      await copy('consignments', lines);
      for (const table of ['consignment_parties', 'goods_items', 'equipment'] as const) {
        await copy(
          table,
          rows.map((r) => r.rows[table]),
        );
      }
    } else {
      const ps = fresh.map((f) => ({ p: prepared(f.p), version: f.version }));
      await insertJsonb(tx, 'consignments', ps.map((f) => consignmentRow(f.p, owner, f.version)));
      await insertJsonb(tx, 'consignment_parties', ps.flatMap((f) => partyRows(f.p)));
      await insertJsonb(tx, 'goods_items', ps.flatMap((f) => goodsRows(f.p)));
      await insertJsonb(tx, 'equipment', ps.flatMap((f) => equipmentRows(f.p)));
    }
    await addDictionaryWords(tx, [...new Set(fresh.flatMap((f) => f.p.words))]);
    const accepted = fresh.filter((f) => f.supersedes === null).length;
    const amended = fresh.length - accepted;
    await tx
      .update(imports)
      .set({
        accepted: sql`${imports.accepted} + ${accepted}`,
        amended: sql`${imports.amended} + ${amended}`,
        unchanged: sql`${imports.unchanged} + ${unchanged}`,
        containers: sql`${imports.containers} + ${containerCount}`,
        goodsItems: sql`${imports.goodsItems} + ${goodsCount}`,
        bytesRead: progress.bytesRead,
        problemCount: progress.problemCount,
      })
      .where(and(eq(imports.id, importId)));
    if (fresh.length) {
      await record(
        tx,
        opts.ctx,
        { type: 'consignments.imported', data: { importId, accepted, amended, unchanged, documents: fresh.slice(0, 50).map((f) => f.p.documentNumber) } },
        { country: opts.unit.country, entityType: 'import', entityId: importId },
      );
    }
    return { accepted, amended, unchanged, containers: containerCount, goods: goodsCount };
  });
}
