/**
 * Normalisation shared by the three parsers, so that the same consignment sent as JSON, CSV or CUSCAR
 * ends up identical: trimmed text, upper-case codes, digits-only HS codes, canonical container and AWB
 * numbers, ISO 8601 dates.
 */
import { normalizeAwbNumber, normalizeContainerNumber } from '../validation/check-digits.ts';
import type { Consignment, DocumentType, Equipment, GoodsItem, Party, TransportMode } from './model.ts';

/** Two white-space characters in a row, or one that is not a plain space: the text needs collapsing. */
const MESSY_SPACE = /\s\s|[^\S ]/;

/** Trim and collapse runs of white space; undefined when empty. */
export function cleanText(value: string | undefined | null): string | undefined {
  if (value == null) return undefined;
  // Most values have single plain spaces only: then collapsing changes nothing and trimming is enough.
  const t = MESSY_SPACE.test(value) ? value.replace(/\s+/g, ' ').trim() : value.trim();
  return t === '' ? undefined : t;
}

const ANY_SPACE = /\s/;

/** Upper-case code without any white space; undefined when empty. */
export function cleanCode(value: string | undefined | null): string | undefined {
  if (value == null) return undefined;
  const t = (ANY_SPACE.test(value) ? value.replace(/\s+/g, '') : value).toUpperCase();
  return t === '' ? undefined : t;
}

/** HS code: dots, spaces and hyphens removed (`8471.30` → `847130`). Other characters are kept for validation to flag. */
export function normalizeHsCode(value: string | undefined | null): string | undefined {
  if (value == null) return undefined;
  const t = value.replace(/[\s.-]/g, '').toUpperCase();
  return t === '' ? undefined : t;
}

/** Canonical form of a document number: AWB `123-12345678`; B/L upper case without spaces. */
export function normalizeDocumentNumber(value: string | undefined, type: DocumentType | undefined): string | undefined {
  const code = cleanCode(value);
  if (code === undefined) return undefined;
  if (type === 'AWB_MASTER' || type === 'AWB_HOUSE') {
    const n = normalizeAwbNumber(code);
    if (/^\d{11}$/.test(n)) return `${n.slice(0, 3)}-${n.slice(3)}`;
  }
  return code;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h?: number;
  mi?: number;
  s?: number;
  /** `Z` or `±hh:mm`. */
  tz?: string;
}

function formatParts(p: DateParts): string | undefined {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.mo)) return undefined;
  let out = `${String(p.y).padStart(4, '0')}-${pad2(p.mo)}-${pad2(p.d)}`;
  if (p.h === undefined) return out;
  if (p.h > 24 || (p.mi ?? 0) > 59 || (p.s ?? 0) > 60) return undefined;
  out += `T${pad2(p.h)}:${pad2(p.mi ?? 0)}`;
  if (p.s !== undefined) out += `:${pad2(p.s)}`;
  if (p.tz) out += p.tz;
  return out;
}

const ISO_RE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DOTTED_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function normTz(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  if (tz === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : undefined;
}

/**
 * ISO 8601 (extended or basic) → `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm[:ss][tz]`. Also accepts the
 * unambiguous `DD.MM.YYYY[ HH:mm]`. Returns undefined when the text is not a valid date.
 */
export function normalizeIsoDate(value: string): string | undefined {
  const v = value.trim();
  let m = ISO_RE.exec(v);
  if (m) {
    return formatParts({
      y: Number(m[1]),
      mo: Number(m[2]),
      d: Number(m[3]),
      h: m[4] === undefined ? undefined : Number(m[4]),
      mi: m[5] === undefined ? undefined : Number(m[5]),
      s: m[6] === undefined ? undefined : Number(m[6]),
      tz: normTz(m[7]),
    });
  }
  m = DOTTED_RE.exec(v);
  if (m) {
    return formatParts({
      y: Number(m[3]),
      mo: Number(m[2]),
      d: Number(m[1]),
      h: m[4] === undefined ? undefined : Number(m[4]),
      mi: m[5] === undefined ? undefined : Number(m[5]),
      s: m[6] === undefined ? undefined : Number(m[6]),
    });
  }
  return undefined;
}

const FORMAT_TOKENS: Record<string, { re: string; key: keyof DateParts }> = {
  YYYY: { re: '(\\d{4})', key: 'y' },
  YY: { re: '(\\d{2})', key: 'y' },
  MM: { re: '(\\d{2})', key: 'mo' },
  M: { re: '(\\d{1,2})', key: 'mo' },
  DD: { re: '(\\d{2})', key: 'd' },
  D: { re: '(\\d{1,2})', key: 'd' },
  HH: { re: '(\\d{2})', key: 'h' },
  H: { re: '(\\d{1,2})', key: 'h' },
  mm: { re: '(\\d{2})', key: 'mi' },
  ss: { re: '(\\d{2})', key: 's' },
};

/** Compile a date format such as `DD/MM/YYYY HH:mm` (tokens YYYY YY MM M DD D HH H mm ss). */
export function compileDateFormat(format: string): (value: string) => string | undefined {
  const keys: (keyof DateParts)[] = [];
  let twoDigitYear = false;
  let re = '^';
  let i = 0;
  const tokens = Object.keys(FORMAT_TOKENS).sort((a, b) => b.length - a.length);
  while (i < format.length) {
    const tok = tokens.find((t) => format.startsWith(t, i));
    if (tok) {
      const spec = FORMAT_TOKENS[tok]!;
      re += spec.re;
      keys.push(spec.key);
      if (tok === 'YY') twoDigitYear = true;
      i += tok.length;
    } else {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const rx = new RegExp(`${re}$`);
  return (value: string) => {
    const m = rx.exec(value.trim());
    if (!m) return undefined;
    const parts: Partial<Record<keyof DateParts, number>> = {};
    keys.forEach((k, idx) => {
      parts[k] = Number(m[idx + 1]);
    });
    if (parts.y === undefined || parts.mo === undefined || parts.d === undefined) return undefined;
    const y = twoDigitYear ? (parts.y < 70 ? 2000 + parts.y : 1900 + parts.y) : parts.y;
    return formatParts({ y, mo: parts.mo, d: parts.d, h: parts.h, mi: parts.mi, s: parts.s });
  };
}

/** Number from text: accepts `1234.5`, `1 234,5`, `1,234.5`; `decimalSeparator` forces `,` or `.`. */
const DIGITS = /^\d+$/;
const DECIMAL = /^\d+\.\d+$/;

export function parseNumber(value: string, decimalSeparator?: '.' | ','): number | undefined {
  // Fast paths (the same result as below): plain digits, and digits with a decimal point unless `,` is forced.
  if (DIGITS.test(value) || (decimalSeparator !== ',' && DECIMAL.test(value))) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  let v = value.trim().replace(/[\s\u00a0']/g, '');
  if (v === '') return undefined;
  const sep = decimalSeparator ?? (v.includes(',') && !v.includes('.') && !/^\d{1,3}(,\d{3})+$/.test(v) ? ',' : '.');
  if (sep === ',') v = v.replace(/\./g, '').replace(',', '.');
  else v = v.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Document type when the source does not state it: AWB for air, B/L otherwise; house when a master is named. */
export function inferDocumentType(mode: TransportMode | undefined, hasMaster: boolean): DocumentType {
  if (mode === 'air') return hasMaster ? 'AWB_HOUSE' : 'AWB_MASTER';
  return hasMaster ? 'BL_HOUSE' : 'BL_MASTER';
}

export function modeOfDocumentType(type: DocumentType): TransportMode {
  return type === 'AWB_MASTER' || type === 'AWB_HOUSE' ? 'air' : 'sea';
}

function normParty(p: Party): Party {
  const out: Party = {
    role: p.role,
    name: cleanText(p.name) ?? '',
    addressLines: p.addressLines.map((l) => cleanText(l)).filter((l): l is string => l !== undefined),
    identifiers: p.identifiers
      .map((id) => ({ scheme: id.scheme, value: cleanCode(id.value) ?? '' }))
      .filter((id) => id.value !== ''),
  };
  const city = cleanText(p.city);
  if (city) out.city = city;
  const postcode = cleanText(p.postcode);
  if (postcode) out.postcode = postcode;
  const country = cleanCode(p.country);
  if (country) out.country = country;
  return out;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

function normGoods(g: GoodsItem): GoodsItem {
  const out: GoodsItem = { seq: g.seq, containerNumbers: uniq(g.containerNumbers.map(normalizeContainerNumber).filter((c) => c !== '')) };
  const hs = normalizeHsCode(g.hsCode);
  if (hs) out.hsCode = hs;
  const d = cleanText(g.description);
  if (d) out.description = d;
  if (g.packageCount !== undefined) out.packageCount = g.packageCount;
  const pt = cleanCode(g.packageType);
  if (pt) out.packageType = pt;
  if (g.grossMassKg !== undefined) out.grossMassKg = g.grossMassKg;
  if (g.netMassKg !== undefined) out.netMassKg = g.netMassKg;
  if (g.value !== undefined) out.value = g.value;
  const cur = cleanCode(g.currency);
  if (cur) out.currency = cur;
  const un = cleanCode(g.unNumber)?.replace(/^UN/, '');
  if (un) out.unNumber = un;
  return out;
}

function normEquipment(e: Equipment): Equipment {
  const out: Equipment = {
    containerNumber: normalizeContainerNumber(e.containerNumber.trim()),
    seals: uniq(e.seals.map((s) => cleanCode(s)).filter((s): s is string => s !== undefined)),
  };
  const st = cleanCode(e.sizeType);
  if (st) out.sizeType = st;
  if (e.fullEmpty) out.fullEmpty = e.fullEmpty;
  return out;
}

/**
 * Canonical form of a consignment built by a parser. Optional fields that end up empty are removed
 * (never `undefined` values in the object, so JSON round-trips are stable).
 */
export function normalizeConsignment(c: Consignment): Consignment {
  const out: Consignment = {
    documentType: c.documentType,
    documentNumber: normalizeDocumentNumber(c.documentNumber, c.documentType) ?? '',
    mode: c.mode,
    transshipments: c.transshipments.map((t) => cleanCode(t)).filter((t): t is string => t !== undefined),
    parties: c.parties.map(normParty),
    goodsItems: c.goodsItems.map(normGoods),
    equipment: c.equipment.map(normEquipment),
  };
  const master = normalizeDocumentNumber(c.masterDocumentNumber, c.documentType);
  if (master) out.masterDocumentNumber = master;
  if (c.carrier) {
    const code = cleanCode(c.carrier.code);
    const name = cleanText(c.carrier.name);
    if (code || name) out.carrier = { ...(code ? { code } : {}), ...(name ? { name } : {}) };
  }
  const vesselName = cleanText(c.vesselName);
  if (vesselName) out.vesselName = vesselName;
  const imo = cleanCode(c.imoNumber)?.replace(/^IMO/, '');
  if (imo) out.imoNumber = imo;
  const voyage = cleanCode(c.voyageNumber);
  if (voyage) out.voyageNumber = voyage;
  const flight = cleanCode(c.flightNumber);
  if (flight) out.flightNumber = flight;
  for (const key of ['placeOfLoading', 'placeOfDischarge', 'placeOfDelivery', 'countryOfOrigin', 'countryOfDestination'] as const) {
    const v = cleanCode(c[key]);
    if (v) out[key] = v;
  }
  if (c.departureDate) out.departureDate = c.departureDate;
  if (c.estimatedArrivalDate) out.estimatedArrivalDate = c.estimatedArrivalDate;
  if (c.source) out.source = c.source;
  return out;
}
