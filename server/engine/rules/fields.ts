/**
 * Schema of the consignment facts that risk-profile rules can read.
 *
 * The host (intake / screening) builds one {@link ConsignmentFacts} object per
 * consignment; rules address its values by dotted field paths. Every field is
 * declared here with its type, the way its values are normalised (so both the
 * fact and the rule's literal are compared in the same form) and a getter.
 * docs/rules.md documents each field; a unit test keeps the two in step.
 */

export type FieldType = 'number' | 'string' | 'boolean' | 'date';

/**
 * How string values are normalised before comparison (both sides):
 *  - text: trimmed, whitespace runs collapsed to one space, lower-cased;
 *  - code: all whitespace removed, lower-cased (UN/LOCODEs, ISO codes, IMO, ids);
 *  - hs:   everything but letters and digits removed, lower-cased ("0901.11" → "090111").
 */
export type TextForm = 'text' | 'code' | 'hs';

export type DateInput = string | number | Date;

export interface PartyFacts {
  /** EORI, TIN or the host's party id. */
  id?: string;
  name?: string;
  address?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** Days since the party was first seen in this administration's data. */
  firstSeenDays?: number;
}

export interface GoodsItemFacts {
  hs?: string;
  description?: string;
  grossMassKg?: number;
  netMassKg?: number;
  /** Statistical value, in the host's reference currency. */
  value?: number;
  packages?: number;
  originCountry?: string;
  /** Goods history (host-computed against the same HS heading in the country, see docs/rules.md). */
  valuePerKg?: number;
  valuePerKgMedian?: number;
  valuePerKgRatio?: number;
  valuePerKgZ?: number;
  valuePerKgOutlier?: boolean;
  massPerPackage?: number;
  massPerPackageMedian?: number;
  massPerPackageRatio?: number;
  massPerPackageZ?: number;
  massPerPackageOutlier?: boolean;
  historyCount?: number;
}

export const INDICATOR_NAMES = [
  'routeThroughListedCountries',
  'weightPerPackageZ',
  'valuePerKgZ',
  'newShipper',
  'newConsignee',
  'newPair',
  'linkedToSeizure',
  'linkedToWarning',
  'vagueDescription',
] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

export interface IndicatorFacts {
  routeThroughListedCountries?: number;
  weightPerPackageZ?: number;
  valuePerKgZ?: number;
  newShipper?: boolean;
  newConsignee?: boolean;
  newPair?: boolean;
  linkedToSeizure?: boolean;
  linkedToWarning?: boolean;
  vagueDescription?: boolean;
}

/**
 * One consignment as seen by the rules. Everything is optional: a missing
 * value makes comparisons on it false (see docs/rules.md, "Missing values").
 * Values of the wrong type at run time are treated as missing, never thrown on.
 */
export interface ConsignmentFacts {
  /** Host's consignment id; not a rule field, used by testRule() samples. */
  id?: string;
  /** sea, air, road, rail, post. */
  mode?: string;
  document?: { type?: string; number?: string; date?: DateInput };
  arrival?: { date?: DateInput };
  carrier?: { code?: string; name?: string; country?: string };
  vessel?: { imo?: string; name?: string; flag?: string };
  route?: {
    /** UN/LOCODE of the place of loading. */
    loading?: string;
    /** UN/LOCODE of the place of discharge. */
    discharge?: string;
    transshipment?: string[];
    /** All places in route order; derived from loading, transshipment, discharge when absent. */
    places?: string[];
    /** ISO2 countries on the route; derived from the places' LOCODEs when absent. */
    countries?: string[];
  };
  origin?: { country?: string };
  destination?: { country?: string };
  goods?: GoodsItemFacts[];
  container?: { count?: number; numbers?: string[] };
  shipper?: PartyFacts;
  consignee?: PartyFacts;
  notify?: PartyFacts;
  /** The shipper–consignee pair. */
  pair?: { firstSeenDays?: number };
  indicators?: IndicatorFacts;
  dataQuality?: { score?: number; flags?: string[] };
  /** Outcome, when known; only read by testRule(). */
  inspection?: { inspected: boolean; positive: boolean };
}

export interface FieldDef {
  /** Canonical dotted path, e.g. `goods.hs`. */
  readonly name: string;
  readonly type: FieldType;
  /** Array-valued: a comparison is true when any element satisfies it. */
  readonly array: boolean;
  /**
   * Array fields with the same collection are aligned by index (one element per
   * goods item); quantifiers iterate over a collection. Defaults to the name.
   */
  readonly collection?: string;
  readonly form?: TextForm;
  readonly description: string;
  /** Index of the field's slot in prepared facts. */
  readonly slot: number;
  /** Reads the raw value(s) from the facts. */
  readonly get: (facts: ConsignmentFacts) => unknown;
  /** Normalises one scalar value of this field (or a literal compared with it); undefined = missing. */
  readonly normalizeScalar: (value: unknown) => unknown;
  /** Reads and normalises the field's value (what rules see); undefined = missing. */
  readonly load: (facts: ConsignmentFacts) => unknown;
}

// ---------------------------------------------------------------------------
// Normalisation

const MULTI_SPACE = /\s{2,}|[\t\n\r\f\v\u00a0]/;
const SPACES = /\s+/g;
const ANY_SPACE = /\s/;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;

function asString(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

/** Slow path: trim, collapse any whitespace, lower-case. */
function normalizeTextSlow(s0: string): string | undefined {
  let s = s0.trim();
  if (s.length === 0) return undefined;
  if (MULTI_SPACE.test(s)) s = s.replace(SPACES, ' ');
  return s.toLowerCase();
}

/** Printable ASCII words separated by single spaces, nothing to trim: only lower-casing to do. */
const CLEAN_TEXT = /^[!-~]+(?: [!-~]+)*$/;

export function normalizeText(x: unknown): string | undefined {
  const s = asString(x);
  if (s === undefined) return undefined;
  // Fast path for the usual case. One regex test is faster than a charCodeAt loop
  // (which is slow on concatenated strings), and toLowerCase() returns the
  // string itself, without a copy, when it has no upper-case letter.
  if (CLEAN_TEXT.test(s)) return s.toLowerCase();
  return s.length === 0 ? undefined : normalizeTextSlow(s);
}

export function normalizeCode(x: unknown): string | undefined {
  const s = asString(x);
  if (s === undefined) return undefined;
  const n = s.length;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) {
      const t = s.replace(SPACES, '');
      return t.length === 0 ? undefined : t.toLowerCase();
    }
    if (c >= 65 && c <= 90) upper = true;
  }
  if (n === 0) return undefined;
  return upper ? s.toLowerCase() : s;
}

export function normalizeHs(x: unknown): string | undefined {
  const s = asString(x);
  if (s === undefined) return undefined;
  const n = s.length;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) continue;
    if (c >= 65 && c <= 90) {
      upper = true;
      continue;
    }
    const t = s.replace(NON_ALNUM, '');
    return t.length === 0 ? undefined : t.toLowerCase();
  }
  if (n === 0) return undefined;
  return upper ? s.toLowerCase() : s;
}

export function normalizeNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string') {
    const t = x.trim();
    if (t.length === 0) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function normalizeBoolean(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (x === 1 || x === 0) return x === 1;
  if (typeof x === 'string') {
    const t = x.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** `YYYY-MM-DD` (optionally followed by a time) without Date.parse; undefined when not that shape. */
function isoDay(s: string): number | undefined {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  if (s.length > 10 && s.charCodeAt(10) !== 84 /* T */) return undefined;
  if (s.length > 10 && !s.endsWith('Z')) return undefined; // offsets: leave to Date.parse
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Dates are compared by UTC calendar day (days since 1970-01-01). */
export function normalizeDate(x: unknown): number | undefined {
  let ms: number;
  if (x instanceof Date) ms = x.getTime();
  else if (typeof x === 'number') ms = x;
  else if (typeof x === 'string') {
    const fast = isoDay(x);
    if (fast !== undefined) return fast;
    ms = Date.parse(x.trim());
  } else return undefined;
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : undefined;
}

/** Strict `YYYY-MM-DD` literal → day number, or undefined when not a real date. */
export function parseDateLiteral(s: string): number | undefined {
  const m = ISO_DATE.exec(s.trim());
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function scalarNormalizer(type: FieldType, form: TextForm | undefined): (x: unknown) => unknown {
  switch (type) {
    case 'number':
      return normalizeNumber;
    case 'boolean':
      return normalizeBoolean;
    case 'date':
      return normalizeDate;
    case 'string':
      return form === 'code' ? normalizeCode : form === 'hs' ? normalizeHs : normalizeText;
  }
}

/**
 * Memo of raw string → normalised value, for derived strings that would
 * otherwise be rebuilt per consignment (route.countries: a slice and a
 * lower-cased copy per place; places repeat from one consignment to the
 * next). Bounded: when it holds MEMO_LIMIT strings it is emptied and
 * refilled, so ever-new values cost a lookup and an insert but memory never
 * grows. The normaliser must be pure: the memo then changes no result.
 * (Measured: memoising every string field's normalisation was slower than
 * the normalisers themselves in the rules bench, so only this one uses it.)
 */
export const MEMO_LIMIT = 4096;

export function memoizeString(norm: (x: unknown) => string | undefined): (x: unknown) => string | undefined {
  const memo = new Map<string, string>();
  return (x) => {
    if (typeof x !== 'string') return norm(x);
    const hit = memo.get(x);
    if (hit !== undefined) return hit;
    const value = norm(x);
    if (value !== undefined) {
      // (undefined results, i.e. blank strings, are rare and cheap: not memoised)
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(x, value);
    }
    return value;
  };
}

/** Normalises an array value: positions are kept (missing elements are undefined); empty arrays are missing. */
function normalizeArray(raw: unknown, norm: (x: unknown) => unknown): unknown[] | undefined {
  if (raw == null) return undefined;
  if (!Array.isArray(raw)) {
    const one = norm(raw);
    return one === undefined ? undefined : [one];
  }
  if (raw.length === 0) return undefined;
  const out = new Array<unknown>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const x: unknown = raw[i];
    out[i] = x == null ? undefined : norm(x);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Getters

function items(f: ConsignmentFacts): readonly (GoodsItemFacts | null | undefined)[] | undefined {
  const g = f.goods;
  return Array.isArray(g) ? g : undefined;
}

function itemField(key: keyof GoodsItemFacts): (f: ConsignmentFacts) => unknown {
  return (f) => {
    const list = items(f);
    if (list === undefined) return undefined;
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      const it = list[i];
      out[i] = it != null && typeof it === 'object' ? it[key] : undefined;
    }
    return out;
  };
}

function itemSum(key: 'grossMassKg' | 'value' | 'packages'): (f: ConsignmentFacts) => unknown {
  return (f) => {
    const list = items(f);
    if (list === undefined) return undefined;
    let sum = 0;
    let any = false;
    for (const it of list) {
      const n = it != null && typeof it === 'object' ? normalizeNumber(it[key]) : undefined;
      if (n !== undefined) {
        sum += n;
        any = true;
      }
    }
    return any ? sum : undefined;
  };
}

function routePlaces(f: ConsignmentFacts): unknown {
  const r = f.route;
  if (r == null || typeof r !== 'object') return undefined;
  if (r.places != null) return r.places;
  const out: unknown[] = [];
  if (r.loading != null) out.push(r.loading);
  if (Array.isArray(r.transshipment)) out.push(...(r.transshipment as unknown[]));
  else if (r.transshipment != null) out.push(r.transshipment);
  if (r.discharge != null) out.push(r.discharge);
  return out;
}

function routeCountries(f: ConsignmentFacts): unknown {
  const r = f.route;
  if (r == null || typeof r !== 'object') return undefined;
  if (r.countries != null) return r.countries;
  const places = routePlaces(f);
  if (!Array.isArray(places)) return undefined;
  const out = new Array<unknown>(places.length);
  for (let i = 0; i < places.length; i++) {
    const p: unknown = places[i];
    out[i] = typeof p === 'string' ? (ANY_SPACE.test(p) ? p.replace(SPACES, '') : p).slice(0, 2) : undefined;
  }
  return out;
}

/** Country code of one place (first two characters of its LOCODE), normalised as a code. */
function placeCountry(p: string): string | undefined {
  return normalizeCode((ANY_SPACE.test(p) ? p.replace(SPACES, '') : p).slice(0, 2));
}

/**
 * Loader of `route.countries`: the same values as normalizeArray(routeCountries(f)),
 * without building the intermediate list of places, and with each place's
 * country memoised (no slice or lower-cased copy per consignment).
 */
function routeCountriesLoader(): (f: ConsignmentFacts) => unknown {
  const country = memoizeString((x) => (typeof x === 'string' ? placeCountry(x) : undefined));
  const code = memoizeString(normalizeCode);
  const one = (p: unknown): unknown => (typeof p === 'string' ? country(p) : undefined);
  return (f) => {
    const r = f.route;
    if (r == null || typeof r !== 'object') return undefined;
    if (r.countries != null) return normalizeArray(r.countries, code);
    if (r.places != null) return Array.isArray(r.places) ? normalizeArray((r.places as unknown[]).map(one), (x) => x) : undefined;
    const t: unknown = r.transshipment;
    const hops = Array.isArray(t) ? t.length : t != null ? 1 : 0;
    const n = (r.loading != null ? 1 : 0) + hops + (r.discharge != null ? 1 : 0);
    if (n === 0) return undefined;
    const out = new Array<unknown>(n);
    let i = 0;
    if (r.loading != null) out[i++] = one(r.loading);
    if (Array.isArray(t)) for (let k = 0; k < t.length; k++) out[i++] = one(t[k]);
    else if (t != null) out[i++] = one(t);
    if (r.discharge != null) out[i++] = one(r.discharge);
    return out;
  };
}

function containerCount(f: ConsignmentFacts): unknown {
  const c = f.container;
  if (c == null) return undefined;
  if (c.count != null) return c.count;
  return Array.isArray(c.numbers) ? c.numbers.length : undefined;
}

// ---------------------------------------------------------------------------
// The schema

interface Spec {
  name: string;
  type: FieldType;
  array?: boolean;
  collection?: string;
  form?: TextForm;
  description: string;
  get: (f: ConsignmentFacts) => unknown;
  /** Goods item property read and normalised in one pass. */
  item?: keyof GoodsItemFacts;
  /** Custom loader (must give what normalising `get`'s value would). */
  load?: () => (f: ConsignmentFacts) => unknown;
}

function itemLoader(key: keyof GoodsItemFacts, norm: (x: unknown) => unknown): (f: ConsignmentFacts) => unknown {
  return (f) => {
    const list = items(f);
    if (list === undefined || list.length === 0) return undefined;
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      const it = list[i];
      const raw = it != null && typeof it === 'object' ? it[key] : undefined;
      out[i] = raw == null ? undefined : norm(raw);
    }
    return out;
  };
}

// Getters are written out per property (no f[key] with a variable key): property reads stay monomorphic and fast.
const PARTY_GET = { shipper: (f: ConsignmentFacts) => f.shipper, consignee: (f: ConsignmentFacts) => f.consignee, notify: (f: ConsignmentFacts) => f.notify };

function party(key: 'shipper' | 'consignee' | 'notify', label: string): Spec[] {
  const p: (f: ConsignmentFacts) => PartyFacts | undefined = PARTY_GET[key];
  const specs: Spec[] = [
    { name: `${key}.id`, type: 'string', form: 'code', description: `${label} identifier (EORI, TIN or the host's party id).`, get: (f) => p(f)?.id },
    { name: `${key}.name`, type: 'string', description: `${label} name.`, get: (f) => p(f)?.name },
    { name: `${key}.address`, type: 'string', description: `${label} address, one line.`, get: (f) => p(f)?.address },
    { name: `${key}.country`, type: 'string', form: 'code', description: `${label} country, ISO 3166-1 alpha-2.`, get: (f) => p(f)?.country },
  ];
  if (key !== 'notify') {
    specs.push({
      name: `${key}.firstSeenDays`,
      type: 'number',
      description: `Days since the ${label.toLowerCase()} was first seen in this administration's data (0 = new today).`,
      get: (f) => p(f)?.firstSeenDays,
    });
  }
  return specs;
}

const INDICATOR_SPECS: Record<IndicatorName, { type: FieldType; description: string }> = {
  routeThroughListedCountries: {
    type: 'number',
    description: 'Number of distinct countries on the route (transshipment included) that are on the high-risk country list configured by the unit.',
  },
  weightPerPackageZ: {
    type: 'number',
    description: 'Robust z-score of gross mass per package against past consignments of the same HS heading (values above 3 are unusual).',
  },
  valuePerKgZ: {
    type: 'number',
    description: 'Robust z-score of declared value per kg against past consignments of the same HS heading (below -3: suspiciously cheap).',
  },
  newShipper: { type: 'boolean', description: 'The shipper has not been seen before (within the look-back window).' },
  newConsignee: { type: 'boolean', description: 'The consignee has not been seen before (within the look-back window).' },
  newPair: { type: 'boolean', description: 'This shipper–consignee pair has not traded before (within the look-back window).' },
  linkedToSeizure: { type: 'boolean', description: 'A party, container, vessel voyage or document is linked to a recorded seizure.' },
  linkedToWarning: { type: 'boolean', description: 'A party, container, vessel or route matches an active warning (alert) received or issued.' },
  vagueDescription: { type: 'boolean', description: 'The goods description is too vague for the declared HS code (e.g. "general cargo", "parts", "samples").' },
};

const INDICATOR_GET: Record<IndicatorName, (f: ConsignmentFacts) => unknown> = {
  routeThroughListedCountries: (f) => f.indicators?.routeThroughListedCountries,
  weightPerPackageZ: (f) => f.indicators?.weightPerPackageZ,
  valuePerKgZ: (f) => f.indicators?.valuePerKgZ,
  newShipper: (f) => f.indicators?.newShipper,
  newConsignee: (f) => f.indicators?.newConsignee,
  newPair: (f) => f.indicators?.newPair,
  linkedToSeizure: (f) => f.indicators?.linkedToSeizure,
  linkedToWarning: (f) => f.indicators?.linkedToWarning,
  vagueDescription: (f) => f.indicators?.vagueDescription,
};

const SPECS: Spec[] = [
  { name: 'mode', type: 'string', description: 'Transport mode: sea, air, road, rail or post.', get: (f) => f.mode },
  { name: 'document.type', type: 'string', form: 'code', description: 'Transport document type, e.g. BL, HBL, AWB, HAWB, CMR, CIM.', get: (f) => f.document?.type },
  { name: 'document.number', type: 'string', form: 'code', description: 'Transport document number.', get: (f) => f.document?.number },
  { name: 'document.date', type: 'date', description: 'Date of the transport document.', get: (f) => f.document?.date },
  { name: 'arrival.date', type: 'date', description: 'Expected or actual date of arrival.', get: (f) => f.arrival?.date },
  { name: 'carrier.code', type: 'string', form: 'code', description: 'Carrier code (SCAC, IATA airline code or the host identifier).', get: (f) => f.carrier?.code },
  { name: 'carrier.name', type: 'string', description: 'Carrier name.', get: (f) => f.carrier?.name },
  { name: 'carrier.country', type: 'string', form: 'code', description: 'Carrier country, ISO2.', get: (f) => f.carrier?.country },
  { name: 'vessel.imo', type: 'string', form: 'code', description: 'IMO number of the vessel.', get: (f) => f.vessel?.imo },
  { name: 'vessel.name', type: 'string', description: 'Vessel name.', get: (f) => f.vessel?.name },
  { name: 'vessel.flag', type: 'string', form: 'code', description: 'Flag state of the vessel, ISO2.', get: (f) => f.vessel?.flag },
  { name: 'route.loading', type: 'string', form: 'code', description: 'Place of loading, UN/LOCODE (e.g. CNSHA).', get: (f) => f.route?.loading },
  { name: 'route.discharge', type: 'string', form: 'code', description: 'Place of discharge, UN/LOCODE (e.g. GEPTI).', get: (f) => f.route?.discharge },
  { name: 'route.transshipment', type: 'string', array: true, form: 'code', description: 'Transshipment places, UN/LOCODEs.', get: (f) => f.route?.transshipment },
  { name: 'route.places', type: 'string', array: true, form: 'code', description: 'All places on the route in order: loading, transshipment, discharge (UN/LOCODEs).', get: routePlaces },
  { name: 'route.countries', type: 'string', array: true, form: 'code', description: 'Countries on the route, ISO2 (from the places\u2019 LOCODEs unless the host gives them).', get: routeCountries, load: routeCountriesLoader },
  { name: 'origin.country', type: 'string', form: 'code', description: 'Country of origin / dispatch, ISO2.', get: (f) => f.origin?.country },
  { name: 'destination.country', type: 'string', form: 'code', description: 'Country of destination, ISO2.', get: (f) => f.destination?.country },
  { name: 'goods.hs', type: 'string', array: true, collection: 'goods', form: 'hs', description: 'HS / CN / national tariff code of each goods item (dots and spaces ignored).', get: itemField('hs'), item: 'hs' },
  { name: 'goods.description', type: 'string', array: true, collection: 'goods', description: 'Goods description of each item.', get: itemField('description'), item: 'description' },
  { name: 'goods.grossMassKg', type: 'number', array: true, collection: 'goods', description: 'Gross mass of each item, kg.', get: itemField('grossMassKg'), item: 'grossMassKg' },
  { name: 'goods.netMassKg', type: 'number', array: true, collection: 'goods', description: 'Net mass of each item, kg.', get: itemField('netMassKg'), item: 'netMassKg' },
  { name: 'goods.value', type: 'number', array: true, collection: 'goods', description: 'Statistical value of each item, reference currency.', get: itemField('value'), item: 'value' },
  { name: 'goods.packages', type: 'number', array: true, collection: 'goods', description: 'Number of packages of each item.', get: itemField('packages'), item: 'packages' },
  { name: 'goods.originCountry', type: 'string', array: true, collection: 'goods', form: 'code', description: 'Country of origin of each item, ISO2.', get: itemField('originCountry'), item: 'originCountry' },
  { name: 'goods.valuePerKg', type: 'number', array: true, collection: 'goods', description: 'Declared value per kg of gross mass of each item, in its own currency.', get: itemField('valuePerKg'), item: 'valuePerKg' },
  { name: 'goods.valuePerKgMedian', type: 'number', array: true, collection: 'goods', description: 'Median value per kg of the same HS heading (4 digits) and currency in this country over the history window.', get: itemField('valuePerKgMedian'), item: 'valuePerKgMedian' },
  { name: 'goods.valuePerKgRatio', type: 'number', array: true, collection: 'goods', description: 'Value per kg of each item divided by the history median (0.2 = a fifth of the usual price).', get: itemField('valuePerKgRatio'), item: 'valuePerKgRatio' },
  { name: 'goods.valuePerKgOutlier', type: 'boolean', array: true, collection: 'goods', description: 'Value per kg below a fifth or above 5 times the history median, or robust z-score beyond 3.5.', get: itemField('valuePerKgOutlier'), item: 'valuePerKgOutlier' },
  { name: 'goods.massPerPackage', type: 'number', array: true, collection: 'goods', description: 'Gross mass per package of each item, kg.', get: itemField('massPerPackage'), item: 'massPerPackage' },
  { name: 'goods.massPerPackageMedian', type: 'number', array: true, collection: 'goods', description: 'Median kg per package of the same HS heading and package type in this country over the history window.', get: itemField('massPerPackageMedian'), item: 'massPerPackageMedian' },
  { name: 'goods.massPerPackageRatio', type: 'number', array: true, collection: 'goods', description: 'Mass per package of each item divided by the history median (3 = three times heavier than usual).', get: itemField('massPerPackageRatio'), item: 'massPerPackageRatio' },
  { name: 'goods.massPerPackageOutlier', type: 'boolean', array: true, collection: 'goods', description: 'Mass per package below a fifth or above 5 times the history median, or robust z-score beyond 3.5.', get: itemField('massPerPackageOutlier'), item: 'massPerPackageOutlier' },
  { name: 'goods.historyCount', type: 'number', array: true, collection: 'goods', description: 'Goods items of the same HS heading and currency in the history the value per kg was compared with.', get: itemField('historyCount'), item: 'historyCount' },
  { name: 'goods.count', type: 'number', description: 'Number of goods items.', get: (f) => items(f)?.length },
  { name: 'goods.totalGrossMassKg', type: 'number', description: 'Sum of the items\u2019 gross mass, kg.', get: itemSum('grossMassKg') },
  { name: 'goods.totalValue', type: 'number', description: 'Sum of the items\u2019 value.', get: itemSum('value') },
  { name: 'goods.totalPackages', type: 'number', description: 'Sum of the items\u2019 packages.', get: itemSum('packages') },
  { name: 'container.count', type: 'number', description: 'Number of containers (0 for loose / bulk cargo).', get: containerCount },
  { name: 'container.numbers', type: 'string', array: true, form: 'code', description: 'Container numbers (ISO 6346).', get: (f) => f.container?.numbers },
  ...party('shipper', 'Shipper'),
  ...party('consignee', 'Consignee'),
  ...party('notify', 'Notify party'),
  { name: 'pair.firstSeenDays', type: 'number', description: 'Days since this shipper–consignee pair was first seen.', get: (f) => f.pair?.firstSeenDays },
  ...INDICATOR_NAMES.map((n): Spec => ({
    name: `indicators.${n}`,
    type: INDICATOR_SPECS[n].type,
    description: INDICATOR_SPECS[n].description,
    get: INDICATOR_GET[n],
  })),
  { name: 'dataQuality.score', type: 'number', description: 'Data quality score of the declaration, 0 (unusable) to 100 (complete and consistent).', get: (f) => f.dataQuality?.score },
  { name: 'dataQuality.flags', type: 'string', array: true, description: 'Data quality problems found, e.g. "missing-hs", "weight-mismatch".', get: (f) => f.dataQuality?.flags },
];

function makeField(s: Spec, slot: number): FieldDef {
  const normalizeScalar = scalarNormalizer(s.type, s.form);
  const base = {
    name: s.name,
    type: s.type,
    array: s.array === true,
    ...(s.array === true ? { collection: s.collection ?? s.name } : {}),
    ...(s.type === 'string' ? { form: s.form ?? 'text' } : {}),
    description: s.description,
    slot,
    get: s.get,
    normalizeScalar,
  };
  const get = s.get;
  const load =
    s.item !== undefined
      ? itemLoader(s.item, normalizeScalar)
      : base.array
        ? (f: ConsignmentFacts) => normalizeArray(get(f), normalizeScalar)
        : s.type === 'number'
          ? (f: ConsignmentFacts) => {
              const raw = get(f);
              // (normalizeNumber inlined for the usual case)
              return typeof raw === 'number' ? (Number.isFinite(raw) ? raw : undefined) : raw == null ? undefined : normalizeNumber(raw);
            }
          : s.type === 'boolean'
            ? (f: ConsignmentFacts) => {
                const raw = get(f);
                return typeof raw === 'boolean' ? raw : raw == null ? undefined : normalizeBoolean(raw);
              }
            : (f: ConsignmentFacts) => {
                const raw = get(f);
                return raw == null ? undefined : normalizeScalar(raw);
              };
  // (a custom loader replaces the generic one: same values, built faster)
  return Object.freeze({ ...base, load: s.load !== undefined ? s.load() : load });
}

export const FIELDS: readonly FieldDef[] = Object.freeze(SPECS.map(makeField));

export const FIELD_COUNT = FIELDS.length;

const BY_LOWER = new Map<string, FieldDef>(FIELDS.map((f) => [f.name.toLowerCase(), f]));

/** Case-insensitive lookup by dotted path. */
export function findField(name: string): FieldDef | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** `string`, `string[]`, `number`… as shown to analysts. */
export function fieldTypeName(def: Pick<FieldDef, 'type' | 'array'>): string {
  return def.array ? `${def.type}[]` : def.type;
}
