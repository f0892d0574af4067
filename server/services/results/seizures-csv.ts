/**
 * Seizures as CSV: export of what the actor may see, and import of past seizures with a per-line report.
 * One line per seizure; the items are one cell, `heroin 12.5 kg; other 3 pieces (gold bars)`. Persons and
 * companies are not exported (nominal data stays in the application). Columns marked "export only" are
 * ignored on import (unit, country, on_shared_information, quality_score, operation).
 *
 * Import is idempotent on the reference: a line whose reference the importing unit already has is reported
 * as `existing` and left alone; accepted lines are kept even when others are rejected.
 */
import { inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { CsvReader, type CsvEvent } from '../../engine/intake/csv-reader.ts';
import { DISTRIBUTIONS, seizures, TLP_LEVELS, type Distribution, type Tlp } from '../../db/schema.ts';
import { canRecordSeizure } from '../../policies/seizure.policy.ts';
import { resolveSeizure, type ResolvedSeizure, type SeizureInput, type SeizureItemInput } from './seizure-input.ts';
import { insertSeizure, seizureFilterSql, type SeizureFilters } from './seizures.service.ts';

export const SEIZURE_CSV_COLUMNS = [
  'reference',
  'seizure_date',
  'unit',
  'country',
  'place_locode',
  'form',
  'transport_mode',
  'route_origin',
  'route_transit',
  'route_destination',
  'concealment',
  'detection_method',
  'items',
  'estimated_value',
  'currency',
  'container_number',
  'on_shared_information',
  'operation',
  'tlp',
  'distribution',
  'named_countries',
  'quality_score',
  'summary',
] as const;

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+@\t\r]|^-[^\d]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function formatItems(items: { commodity: string; description: string | null; quantity: number; unit: string }[]): string {
  return items.map((i) => `${i.commodity} ${i.quantity} ${i.unit}${i.description ? ` (${i.description.replace(/[;()]/g, ' ').trim()})` : ''}`).join('; ');
}

const ITEM_RE = /^([a-z_]+)\s+(\d+(?:\.\d+)?)\s+([a-z0-9]+)(?:\s*\((.*)\))?$/;

export function parseItems(cell: string): SeizureItemInput[] | { error: string } {
  const items: SeizureItemInput[] = [];
  for (const part of cell.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = ITEM_RE.exec(part);
    if (!m) return { error: `"${part}" is not "commodity quantity unit (description)"` };
    items.push({ commodity: m[1]!, quantity: Number(m[2]), unit: m[3]!, ...(m[4]?.trim() ? { description: m[4].trim() } : {}) });
  }
  return items;
}

/** The CSV export (header + one line per seizure the actor may see with the filters). */
export async function exportSeizuresCsv(db: Db, actor: Actor, ctx: AuditContext, f: SeizureFilters): Promise<string> {
  const data = await rows<Record<string, unknown> & { items: { commodity: string; description: string; quantity: number; unit: string }[]; routeTransit: string[]; namedCountries: string[] }>(
    db,
    sql`SELECT s.reference, s.seizure_date AS "seizureDate", u.code AS unit, s.country, s.place_locode AS "placeLocode", s.form, s.transport_mode AS "transportMode",
          s.route_origin AS "routeOrigin", s.route_transit AS "routeTransit", s.route_destination AS "routeDestination", s.concealment, s.detection_method AS "detectionMethod",
          COALESCE((SELECT json_agg(json_build_object('commodity', i.commodity, 'description', i.description, 'quantity', i.quantity, 'unit', i.unit) ORDER BY i.commodity)
                    FROM seizure_items i WHERE i.seizure_id = s.id), '[]'::json) AS items,
          s.estimated_value AS "estimatedValue", s.currency, s.container_number AS "containerNumber", s.on_shared_information AS "onSharedInformation",
          (SELECT o.code FROM operations o WHERE o.id = s.operation_id) AS operation, s.tlp, s.distribution, s.named_countries AS "namedCountries",
          s.quality_score AS "qualityScore", s.summary
        FROM seizures s JOIN units u ON u.id = s.unit_id
        WHERE ${seizureFilterSql(actor, f)}
        ORDER BY s.seizure_date, s.reference`,
  );
  let out = csvLine([...SEIZURE_CSV_COLUMNS]);
  for (const r of data) {
    out += csvLine([
      r.reference,
      r.seizureDate,
      r.unit,
      r.country,
      r.placeLocode,
      r.form,
      r.transportMode,
      r.routeOrigin,
      r.routeTransit.join('|'),
      r.routeDestination,
      r.concealment,
      r.detectionMethod,
      formatItems(r.items),
      r.estimatedValue,
      r.currency,
      r.containerNumber,
      r.onSharedInformation,
      r.operation,
      r.tlp,
      r.distribution,
      r.namedCountries.join('|'),
      r.qualityScore,
      r.summary,
    ]);
  }
  await db.transaction((tx) => record(tx, ctx, { type: 'seizures.exported', data: { rows: data.length, format: 'csv' } }, { country: actor.country }));
  return out;
}

export interface ImportProblem {
  line: number;
  reference: string | null;
  field: string;
  message: string;
}

export interface SeizureImportReport {
  lines: number;
  accepted: { line: number; reference: string; qualityScore: number }[];
  existing: { line: number; reference: string }[];
  rejected: ImportProblem[];
}

const REQUIRED_COLUMNS = ['reference', 'seizure_date', 'items'] as const;
export const MAX_IMPORT_LINES = 10_000;

function readCsv(content: Buffer): CsvEvent[] {
  const firstLine = content.subarray(0, 4096).toString('utf8').split(/\r?\n/)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const reader = new CsvReader(delimiter);
  const out: CsvEvent[] = [];
  reader.write(content, out);
  reader.end(out);
  return out;
}

/** Turns one CSV line into a draft; throws AppError naming the column. */
function lineToInput(get: (col: string) => string): SeizureInput {
  const bad = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { field });
  const items = parseItems(get('items'));
  if ('error' in items) throw bad('items', items.error);
  const value = get('estimated_value');
  if (value && !/^\d+(\.\d+)?$/.test(value)) throw bad('estimated_value', `"${value}" is not a number`);
  const tlp = (get('tlp') || 'AMBER').toUpperCase();
  if (!TLP_LEVELS.includes(tlp as Tlp)) throw bad('tlp', `Unknown TLP "${tlp}"`);
  const distribution = get('distribution') || 'own_country';
  if (!DISTRIBUTIONS.includes(distribution as Distribution) || distribution === 'group') throw bad('distribution', `Distribution "${distribution}" is not one of own_unit, own_country, named, network`);
  const form = get('form') || 'minimal';
  if (form !== 'minimal' && form !== 'full') throw bad('form', 'form is minimal or full');
  const list = (col: string) => get(col).split(/[|\s]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
  const opt = (col: string) => get(col) || null;
  return {
    reference: get('reference'),
    form,
    seizureDate: get('seizure_date'),
    placeLocode: opt('place_locode')?.toUpperCase() ?? null,
    transportMode: opt('transport_mode'),
    routeOrigin: opt('route_origin')?.toUpperCase() ?? null,
    routeTransit: list('route_transit'),
    routeDestination: opt('route_destination')?.toUpperCase() ?? null,
    concealment: opt('concealment'),
    detectionMethod: opt('detection_method'),
    items,
    estimatedValue: value ? Number(value) : null,
    currency: opt('currency')?.toUpperCase() ?? null,
    containerNumber: opt('container_number'),
    tlp: tlp as Tlp,
    distribution: distribution as Distribution,
    namedCountries: list('named_countries'),
    summary: get('summary').replace(/^'/, ''),
  };
}

export async function importSeizuresCsv(db: Db, actor: Actor, ctx: AuditContext, content: Buffer): Promise<SeizureImportReport> {
  if (!canRecordSeizure(actor)) throw forbidden('seizure.import');
  const events = readCsv(content);
  const header = events.find((e) => e.kind === 'record');
  if (!header || header.kind !== 'record') throw new AppError('VALIDATION_FAILED', 'The file has no header line', { field: 'file' });
  const index = new Map(header.cells.map((c, i) => [c.trim().toLowerCase(), i]));
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `Missing column(s): ${missing.join(', ')}`, { field: 'file', columns: missing });
  const body = events.slice(events.indexOf(header) + 1);
  if (body.length > MAX_IMPORT_LINES) throw new AppError('VALIDATION_FAILED', `At most ${MAX_IMPORT_LINES} lines per file`, { field: 'file' });

  const report: SeizureImportReport = { lines: body.length, accepted: [], existing: [], rejected: [] };
  const drafts: { line: number; reference: string; resolved: ResolvedSeizure }[] = [];
  const seen = new Set<string>();
  const references = body.flatMap((e) => (e.kind === 'record' ? [e.cells[index.get('reference')!]?.trim() ?? ''] : [])).filter(Boolean);
  const stored = new Map(
    references.length ? (await db.select({ reference: seizures.reference, unitId: seizures.unitId }).from(seizures).where(inArray(seizures.reference, references))).map((r) => [r.reference, r.unitId]) : [],
  );

  for (const e of body) {
    if (e.kind === 'skip') {
      report.rejected.push({ line: e.line, reference: null, field: 'line', message: e.message });
      continue;
    }
    const get = (col: string) => (index.has(col) ? (e.cells[index.get(col)!] ?? '').trim() : '');
    const reference = get('reference');
    try {
      if (!reference) throw new AppError('VALIDATION_FAILED', 'reference is required', { field: 'reference' });
      if (!/^[\p{L}\p{N}/._-]{3,60}$/u.test(reference)) throw new AppError('VALIDATION_FAILED', 'reference: 3–60 letters, digits, / . _ -', { field: 'reference' });
      if (seen.has(reference)) throw new AppError('VALIDATION_FAILED', `reference ${reference} appears twice in the file`, { field: 'reference' });
      seen.add(reference);
      const owner = stored.get(reference);
      if (owner === actor.unitId) {
        report.existing.push({ line: e.line, reference });
        continue;
      }
      if (owner) throw new AppError('CONFLICT', `reference ${reference} belongs to another unit's seizure`, { field: 'reference' });
      const resolved = await resolveSeizure(db, actor, actor.country!, lineToInput(get));
      drafts.push({ line: e.line, reference, resolved });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const field = String(err.details.field ?? 'line');
      report.rejected.push({ line: e.line, reference: reference || null, field: COLUMN_OF_FIELD[field.split('.')[0]!] ?? field, message: err.message });
    }
  }

  if (drafts.length) {
    await db.transaction(async (tx) => {
      for (const d of drafts) {
        const row = await insertSeizure(tx, actor, d.resolved, d.reference);
        report.accepted.push({ line: d.line, reference: d.reference, qualityScore: row.qualityScore });
      }
      await record(
        tx,
        ctx,
        { type: 'seizures.imported', data: { accepted: drafts.length, existing: report.existing.length, rejected: report.rejected.length, references: drafts.map((d) => d.reference).slice(0, 500) } },
        { country: actor.country, entityType: 'seizure_import' },
      );
    });
  }
  return report;
}

/** Service field names → CSV column names, so the report points at the column of the file. */
const COLUMN_OF_FIELD: Record<string, string> = {
  seizureDate: 'seizure_date',
  placeLocode: 'place_locode',
  transportMode: 'transport_mode',
  routeOrigin: 'route_origin',
  routeTransit: 'route_transit',
  routeDestination: 'route_destination',
  detectionMethod: 'detection_method',
  estimatedValue: 'estimated_value',
  containerNumber: 'container_number',
  namedCountries: 'named_countries',
};
