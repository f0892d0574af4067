/**
 * Loads the code lists shipped in `reference/` into the database: ISO 3166 countries (en + ru names from
 * i18n-iso-countries), UN/LOCODE (116k places with function flags and coordinates), HS 2022 and IATA airports.
 *
 * Rows go in as JSON batches expanded by `jsonb_to_recordset` — one parameterised statement per 5,000 rows,
 * identical on PGlite and PostgreSQL. Each dataset is skipped when its file checksum is unchanged, so only a
 * first start (or a new reference file) pays for it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { createRequire } from 'node:module';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.ts';
import { referenceLoads } from './schema.ts';

const require = createRequire(import.meta.url);
// i18n-iso-countries ships CommonJS language files.
const isoCountries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));
isoCountries.registerLocale(require('i18n-iso-countries/langs/ru.json'));

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference');

/** Countries of the IREN network: marked as members in the directory. */
export const IREN_COUNTRIES = ['AF', 'AZ', 'GE', 'KZ', 'KG', 'PK', 'TJ', 'TM', 'UA', 'UZ'] as const;

const BATCH = 5000;

export interface ReferenceLoadReport {
  dataset: string;
  rows: number;
  skipped: boolean;
  ms: number;
}

async function fileChecksum(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* csvRecords(file: string): AsyncGenerator<Record<string, string>> {
  const parser = fs.createReadStream(file).pipe(parse({ columns: true, relax_column_count: true, bom: true }));
  for await (const record of parser) yield record as Record<string, string>;
}

async function insertBatches<T>(db: Db, source: AsyncIterable<T> | Iterable<T>, statement: (json: string) => SQL) {
  let batch: T[] = [];
  let count = 0;
  for await (const row of source) {
    batch.push(row);
    if (batch.length >= BATCH) {
      await db.execute(statement(JSON.stringify(batch)));
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await db.execute(statement(JSON.stringify(batch)));
    count += batch.length;
  }
  return count;
}

/** "4230N 00131E" → [42.5, 1.5167] */
export function parseUnlocodeCoordinates(value: string): [number, number] | null {
  const m = /^(\d{2})(\d{2})([NS])\s+(\d{3})(\d{2})([EW])$/.exec(value.trim());
  if (!m) return null;
  const lat = (Number(m[1]) + Number(m[2]) / 60) * (m[3] === 'S' ? -1 : 1);
  const lon = (Number(m[4]) + Number(m[5]) / 60) * (m[6] === 'W' ? -1 : 1);
  return [Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4];
}

export interface LocationRow {
  unlocode: string;
  country: string;
  name: string;
  name_ascii: string;
  subdivision: string | null;
  functions: string;
  is_port: boolean;
  is_rail: boolean;
  is_road: boolean;
  is_airport: boolean;
  is_border_crossing: boolean;
  status: string | null;
  iata: string | null;
  lat: number | null;
  lon: number | null;
}

/** Seaport coordinates keyed by UN/LOCODE ([lon, lat]), to fill ports the UN/LOCODE file has no coordinates for. */
export function loadSeaportCoordinates(): Map<string, [number, number]> {
  const data = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, 'seaports.json'), 'utf8')) as Record<string, { coordinates?: [number, number] }>;
  const out = new Map<string, [number, number]>();
  for (const [code, port] of Object.entries(data)) {
    const c = port.coordinates;
    if (c && Number.isFinite(c[0]) && Number.isFinite(c[1])) out.set(code, [c[1], c[0]]);
  }
  return out;
}

/** One UN/LOCODE CSV record → row, or null for country header lines and removed entries. */
export function toLocationRow(r: Record<string, string>, seaports?: Map<string, [number, number]>): LocationRow | null {
  const country = (r.country ?? '').trim();
  const location = (r.location ?? '').trim();
  if (country.length !== 2 || location.length !== 3 || r.change === 'X') return null;
  const fn = (r.function ?? '').padEnd(8, '-');
  let lat = r.lat ? Number(r.lat) : NaN;
  let lon = r.lon ? Number(r.lon) : NaN;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    const parsed = r.coordinates ? parseUnlocodeCoordinates(r.coordinates) : null;
    [lat, lon] = parsed ?? seaports?.get(country + location) ?? [NaN, NaN];
  }
  return {
    unlocode: country + location,
    country,
    name: r.name || location,
    name_ascii: r.name_wo_diacritics || r.name || location,
    subdivision: r.subdivision || null,
    functions: fn,
    is_port: fn[0] === '1',
    is_rail: fn[1] === '2',
    is_road: fn[2] === '3',
    is_airport: fn[3] === '4',
    is_border_crossing: fn[7] === 'B',
    status: r.status || null,
    iata: r.iata || null,
    lat: Number.isFinite(lat) ? lat : null,
    lon: Number.isFinite(lon) ? lon : null,
  };
}

interface Dataset {
  name: string;
  files: string[];
  load(db: Db): Promise<number>;
}

const datasets: Dataset[] = [
  {
    name: 'countries',
    files: [],
    async load(db) {
      const codes = Object.keys(isoCountries.getAlpha2Codes());
      const rowsJson = codes.map((iso2) => ({
        iso2,
        iso3: isoCountries.alpha2ToAlpha3(iso2) ?? iso2,
        numeric: isoCountries.alpha2ToNumeric(iso2) ?? '',
        name_en: isoCountries.getName(iso2, 'en') ?? iso2,
        name_ru: isoCountries.getName(iso2, 'ru') ?? isoCountries.getName(iso2, 'en') ?? iso2,
        member: (IREN_COUNTRIES as readonly string[]).includes(iso2),
      }));
      // XK (Kosovo) is used in UN/LOCODE though not in ISO 3166; keep every country referenced there loadable.
      return insertBatches(db, rowsJson, (json) => sql`
        INSERT INTO countries (iso2, iso3, numeric, name_en, name_ru, member)
        SELECT iso2, iso3, numeric, name_en, name_ru, member
        FROM jsonb_to_recordset(${json}::jsonb) AS x(iso2 text, iso3 text, numeric text, name_en text, name_ru text, member boolean)
        ON CONFLICT (iso2) DO UPDATE SET iso3 = EXCLUDED.iso3, numeric = EXCLUDED.numeric,
          name_en = EXCLUDED.name_en, name_ru = EXCLUDED.name_ru`);
    },
  },
  {
    name: 'unlocode',
    files: ['unlocode.csv', 'seaports.json'],
    async load(db) {
      const seaports = loadSeaportCoordinates();
      async function* rowsOf() {
        for await (const r of csvRecords(path.join(REFERENCE_DIR, 'unlocode.csv'))) {
          const row = toLocationRow(r, seaports);
          if (row) yield row;
        }
      }
      return insertBatches(db, rowsOf(), (json) => sql`
        INSERT INTO locations (unlocode, country, name, name_ascii, subdivision, functions, is_port, is_rail, is_road,
          is_airport, is_border_crossing, status, iata, lat, lon)
        SELECT DISTINCT ON (unlocode) unlocode, country, name, name_ascii, subdivision, functions, is_port, is_rail, is_road,
          is_airport, is_border_crossing, status, iata, lat, lon
        FROM jsonb_to_recordset(${json}::jsonb) AS x(unlocode text, country text, name text, name_ascii text,
          subdivision text, functions text, is_port boolean, is_rail boolean, is_road boolean, is_airport boolean,
          is_border_crossing boolean, status text, iata text, lat double precision, lon double precision)
        ON CONFLICT (unlocode) DO UPDATE SET country = EXCLUDED.country, name = EXCLUDED.name,
          name_ascii = EXCLUDED.name_ascii, subdivision = EXCLUDED.subdivision, functions = EXCLUDED.functions,
          is_port = EXCLUDED.is_port, is_rail = EXCLUDED.is_rail, is_road = EXCLUDED.is_road,
          is_airport = EXCLUDED.is_airport, is_border_crossing = EXCLUDED.is_border_crossing,
          status = EXCLUDED.status, iata = EXCLUDED.iata, lat = EXCLUDED.lat, lon = EXCLUDED.lon`);
    },
  },
  {
    name: 'hs2022',
    files: ['hs2022.csv'],
    async load(db) {
      async function* rowsOf() {
        for await (const r of csvRecords(path.join(REFERENCE_DIR, 'hs2022.csv'))) {
          const code = (r.hscode ?? '').trim();
          if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(code)) continue;
          yield {
            code,
            level: code.length,
            parent: r.parent && r.parent !== 'TOTAL' ? r.parent : null,
            section: r.section ?? '',
            description: r.description ?? '',
          };
        }
      }
      return insertBatches(db, rowsOf(), (json) => sql`
        INSERT INTO hs_codes (code, level, parent, section, description)
        SELECT code, level, parent, section, description
        FROM jsonb_to_recordset(${json}::jsonb) AS x(code text, level smallint, parent text, section text, description text)
        ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, parent = EXCLUDED.parent,
          section = EXCLUDED.section, description = EXCLUDED.description`);
    },
  },
  {
    name: 'airports',
    files: ['airports-iata.csv'],
    async load(db) {
      async function* rowsOf() {
        for await (const r of csvRecords(path.join(REFERENCE_DIR, 'airports-iata.csv'))) {
          if (!/^[A-Z]{3}$/.test(r.iata ?? '')) continue;
          const lat = Number(r.lat);
          const lon = Number(r.lon);
          yield {
            iata: r.iata,
            icao: r.icao || null,
            name: r.name || r.iata,
            city: r.city || null,
            country: r.country ?? '',
            lat: r.lat && Number.isFinite(lat) ? lat : null,
            lon: r.lon && Number.isFinite(lon) ? lon : null,
            tz: r.tz || null,
          };
        }
      }
      return insertBatches(db, rowsOf(), (json) => sql`
        INSERT INTO airports (iata, icao, name, city, country, lat, lon, tz)
        SELECT DISTINCT ON (iata) iata, icao, name, city, country, lat, lon, tz
        FROM jsonb_to_recordset(${json}::jsonb) AS x(iata text, icao text, name text, city text, country text,
          lat double precision, lon double precision, tz text)
        ON CONFLICT (iata) DO UPDATE SET icao = EXCLUDED.icao, name = EXCLUDED.name, city = EXCLUDED.city,
          country = EXCLUDED.country, lat = EXCLUDED.lat, lon = EXCLUDED.lon, tz = EXCLUDED.tz`);
    },
  },
];

/** Loads every dataset whose source changed since the last load. */
export async function loadReferenceData(db: Db, opts: { force?: boolean } = {}): Promise<ReferenceLoadReport[]> {
  const reports: ReferenceLoadReport[] = [];
  const done = new Map((await db.select().from(referenceLoads)).map((r) => [r.dataset, r.checksum]));
  const pkgVersion = (require('i18n-iso-countries/package.json') as { version: string }).version;
  for (const dataset of datasets) {
    const started = performance.now();
    const parts = await Promise.all(dataset.files.map((f) => fileChecksum(path.join(REFERENCE_DIR, f))));
    const checksum = dataset.files.length ? parts.join(':') : `i18n-iso-countries@${pkgVersion}`;
    if (!opts.force && done.get(dataset.name) === checksum) {
      reports.push({ dataset: dataset.name, rows: 0, skipped: true, ms: 0 });
      continue;
    }
    const count = await db.transaction(async (tx) => {
      const n = await dataset.load(tx as unknown as Db);
      await tx
        .insert(referenceLoads)
        .values({ dataset: dataset.name, checksum, rows: n })
        .onConflictDoUpdate({ target: referenceLoads.dataset, set: { checksum, rows: n, loadedAt: new Date() } });
      return n;
    });
    reports.push({ dataset: dataset.name, rows: count, skipped: false, ms: Math.round(performance.now() - started) });
  }
  return reports;
}
