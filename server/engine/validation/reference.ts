/**
 * Code lists used by validation, behind an interface so that the database layer can plug in its own
 * tables. Lookups are synchronous on purpose: validation runs on the hot path of a streaming import
 * (one call per field of every consignment), and every list fits in memory (UN/LOCODE ≈ 116k codes,
 * a few MB), so a database implementation should preload or cache rather than query per call.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import countries from 'i18n-iso-countries';
import { ISO_4217_CURRENCIES } from './currencies.ts';

/** Deepest HS 2022 level at which a code (or its prefix) exists. */
export type HsLevel = 'subheading' | 'heading' | 'chapter';

export interface ReferenceLookup {
  /** 5-character UN/LOCODE without space, e.g. `GEPTI`. */
  isUnlocode(code: string): boolean;
  /** 3-letter IATA airport (location) code, e.g. `TBS`. */
  isIata(code: string): boolean;
  /** ISO 3166-1 alpha-2. */
  isCountry(iso2: string): boolean;
  /** ISO 4217 alphabetic code. */
  isCurrency(code: string): boolean;
  /**
   * HS 2022: `subheading` if the first 6 digits exist, else `heading` if the first 4 exist, else `chapter`
   * if the first 2 exist, else undefined. National extensions (digits 7–10) are not checked.
   */
  hsCode(code: string): HsLevel | undefined;
}

export interface ReferenceData {
  /** 5-character UN/LOCODEs. */
  unlocodes: Iterable<string>;
  /** 3-letter IATA airport/location codes. */
  iataCodes: Iterable<string>;
  /** HS codes at any level (2, 4 or 6 digits). */
  hsCodes: Iterable<string>;
  /** Defaults to `i18n-iso-countries` alpha-2 codes. */
  countries?: Iterable<string>;
  /** Defaults to ISO_4217_CURRENCIES. */
  currencies?: Iterable<string>;
}

export function defaultCountryCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes());
}

class InMemoryReferenceLookup implements ReferenceLookup {
  private readonly unlocodes: Set<string>;
  private readonly iata: Set<string>;
  private readonly hs: Set<string>;
  private readonly countries: Set<string>;
  private readonly currencies: Set<string>;

  constructor(data: ReferenceData) {
    this.unlocodes = new Set(data.unlocodes);
    this.iata = new Set(data.iataCodes);
    this.hs = new Set(data.hsCodes);
    this.countries = new Set(data.countries ?? defaultCountryCodes());
    this.currencies = new Set(data.currencies ?? ISO_4217_CURRENCIES);
  }

  isUnlocode(code: string): boolean {
    return this.unlocodes.has(code);
  }
  isIata(code: string): boolean {
    return this.iata.has(code);
  }
  isCountry(iso2: string): boolean {
    return this.countries.has(iso2);
  }
  isCurrency(code: string): boolean {
    return this.currencies.has(code);
  }
  hsCode(code: string): HsLevel | undefined {
    if (code.length >= 6 && this.hs.has(code.slice(0, 6))) return 'subheading';
    if (code.length >= 4 && this.hs.has(code.slice(0, 4))) return 'heading';
    if (code.length >= 2 && this.hs.has(code.slice(0, 2))) return 'chapter';
    return undefined;
  }
}

/** In-memory lookup from code lists (e.g. rows the database layer read from its tables). */
export function createReferenceLookup(data: ReferenceData): ReferenceLookup {
  return new InMemoryReferenceLookup(data);
}

export const REFERENCE_FILES = {
  unlocode: 'unlocode.csv',
  hs: 'hs2022.csv',
  airports: 'airports-iata.csv',
} as const;

/**
 * Directory holding the reference CSV files: `<cwd>/reference` when it has them (the product copy), else
 * `<cwd>/../shared/data/reference` (the project's shared data, next to the work tree in development and CI).
 */
export function resolveReferenceDir(cwd: string = process.cwd()): string | undefined {
  const candidates = [path.resolve(cwd, 'reference'), path.resolve(cwd, '../shared/data/reference')];
  return candidates.find((dir) => existsSync(path.join(dir, REFERENCE_FILES.unlocode)));
}

async function* readCsvObjects(file: string): AsyncGenerator<Record<string, string>> {
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  for await (const row of parser as AsyncIterable<Record<string, string>>) yield row;
}

/**
 * Load code lists from the reference directory:
 * - `unlocode.csv` (columns country, location, iata) → UN/LOCODEs, plus IATA codes of locations;
 * - `airports-iata.csv` (column iata) → IATA airport codes;
 * - `hs2022.csv` (column hscode) → HS 2022 chapters, headings and subheadings.
 * Missing files give empty lists (every code would then be reported unknown), so callers should check
 * `resolveReferenceDir()` first.
 */
export async function loadReferenceLookup(dir: string): Promise<ReferenceLookup> {
  const unlocodes: string[] = [];
  const iataCodes: string[] = [];
  const hsCodes: string[] = [];
  const unlocodeFile = path.join(dir, REFERENCE_FILES.unlocode);
  if (existsSync(unlocodeFile)) {
    for await (const row of readCsvObjects(unlocodeFile)) {
      const country = (row.country ?? '').trim().toUpperCase();
      const location = (row.location ?? '').trim().toUpperCase();
      if (country.length === 2 && location.length === 3) unlocodes.push(country + location);
      const iata = (row.iata ?? '').trim().toUpperCase();
      if (/^[A-Z]{3}$/.test(iata)) iataCodes.push(iata);
    }
  }
  const airportsFile = path.join(dir, REFERENCE_FILES.airports);
  if (existsSync(airportsFile)) {
    for await (const row of readCsvObjects(airportsFile)) {
      const iata = (row.iata ?? '').trim().toUpperCase();
      if (/^[A-Z]{3}$/.test(iata)) iataCodes.push(iata);
    }
  }
  const hsFile = path.join(dir, REFERENCE_FILES.hs);
  if (existsSync(hsFile)) {
    for await (const row of readCsvObjects(hsFile)) {
      const code = (row.hscode ?? '').trim();
      if (/^\d{2}(\d{2}(\d{2})?)?$/.test(code)) hsCodes.push(code);
    }
  }
  return createReferenceLookup({ unlocodes, iataCodes, hsCodes });
}
