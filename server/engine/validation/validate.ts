/**
 * Semantic validation of a parsed consignment: check digits, code lists, cross-field consistency.
 * Pure: code lists come from the injected ReferenceLookup.
 */
import type { Consignment, TransportMode } from '../intake/model.ts';
import { checkAwbNumber, checkContainerNumber, checkImoNumber } from './check-digits.ts';
import { problem, type Problem, type ProblemCode, type ProblemLevel } from './problems.ts';
import type { ReferenceLookup } from './reference.ts';

export interface ValidationOptions {
  /** Change the level of a code for this deployment, e.g. `{ CONTAINER_CHECK_DIGIT: 'error' }`. */
  levels?: Partial<Record<ProblemCode, ProblemLevel>>;
  /** Copied into every problem. */
  file?: string;
  /** Copied into every problem (line of the record in the file). */
  line?: number;
  segment?: number;
}

const LOCODE_RE = /^[A-Z]{2}[A-Z2-9]{3}$/;
const IATA_RE = /^[A-Z]{3}$/;
const COUNTRY_RE = /^[A-Z]{2}$/;
/** ISO 6346 size/type: length code, height/width code, type group letter, type digit (e.g. 22G1, 45R1, L5G1). */
const SIZE_TYPE_RE = /^[1-4A-HKLMNP][0245689CDEFLMNP][GVBSRHUPTA]\d$/;
const PACKAGE_TYPE_RE = /^[0-9A-Z]{2}$/;

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly options: ValidationOptions) {}

  add(code: ProblemCode, field: string | undefined, message: string): void {
    const o = this.options;
    const p = problem({ code, message, ...(field !== undefined ? { field } : {}) });
    const level = o.levels?.[code];
    if (level) p.level = level;
    if (o.file !== undefined) p.file = o.file;
    if (o.line !== undefined) p.line = o.line;
    if (o.segment !== undefined) p.segment = o.segment;
    this.problems.push(p);
  }
}

function checkPlace(out: Collector, ref: ReferenceLookup, mode: TransportMode, field: string, code: string | undefined): void {
  if (code === undefined) return;
  if (LOCODE_RE.test(code)) {
    if (!ref.isUnlocode(code)) out.add('UNKNOWN_LOCODE', field, `${code} is not a UN/LOCODE`);
    return;
  }
  if (IATA_RE.test(code) && mode === 'air') {
    if (!ref.isIata(code)) out.add('UNKNOWN_IATA', field, `${code} is not an IATA airport code`);
    return;
  }
  out.add('LOCODE_FORMAT', field, `${code} is not a 5-character UN/LOCODE${mode === 'air' ? ' or a 3-letter IATA code' : ''}`);
}

function checkCountry(out: Collector, ref: ReferenceLookup, field: string, code: string | undefined): void {
  if (code === undefined) return;
  if (!COUNTRY_RE.test(code) || !ref.isCountry(code)) out.add('UNKNOWN_COUNTRY', field, `${code} is not an ISO 3166-1 alpha-2 country code`);
}

function checkNonNegative(out: Collector, field: string, value: number | undefined): void {
  if (value !== undefined && value < 0) out.add('NEGATIVE_QUANTITY', field, `negative value ${value}`);
}

/** Validate one consignment. Returns the problems (possibly none). */
export function validateConsignment(c: Consignment, ref: ReferenceLookup, options: ValidationOptions = {}): Problem[] {
  const out = new Collector(options);
  if (!c.documentNumber) out.add('REQUIRED_FIELD', 'documentNumber', 'document number is missing');

  const isAwb = c.documentType === 'AWB_MASTER' || c.documentType === 'AWB_HOUSE';
  if (isAwb) {
    for (const [field, value] of [
      ['documentNumber', c.documentType === 'AWB_MASTER' ? c.documentNumber : undefined],
      ['masterDocumentNumber', c.masterDocumentNumber],
    ] as const) {
      if (!value) continue;
      const r = checkAwbNumber(value);
      if (!r.valid) {
        out.add(r.expectedCheckDigit === undefined ? 'AWB_FORMAT' : 'AWB_CHECK_DIGIT', field, `air waybill ${value}: ${r.reason ?? 'invalid'}`);
      }
    }
    if (c.mode !== 'air') out.add('MODE_MISMATCH', 'mode', `air waybill with mode ${c.mode}`);
  } else if (c.mode === 'air') {
    out.add('MODE_MISMATCH', 'documentType', `${c.documentType} with mode air`);
  }
  if (c.masterDocumentNumber && c.masterDocumentNumber === c.documentNumber) {
    out.add('MASTER_EQUALS_HOUSE', 'masterDocumentNumber', 'master document number equals the document number');
  }

  if (c.imoNumber !== undefined) {
    const r = checkImoNumber(c.imoNumber);
    if (!r.valid) out.add(r.expectedCheckDigit === undefined ? 'IMO_FORMAT' : 'IMO_CHECK_DIGIT', 'imoNumber', `IMO ${c.imoNumber}: ${r.reason ?? 'invalid'}`);
    if (c.mode === 'air') out.add('MODE_MISMATCH', 'imoNumber', 'IMO ship number on an air consignment');
  }
  if (c.flightNumber !== undefined && c.mode === 'sea') out.add('MODE_MISMATCH', 'flightNumber', 'flight number on a sea consignment');

  checkPlace(out, ref, c.mode, 'placeOfLoading', c.placeOfLoading);
  checkPlace(out, ref, c.mode, 'placeOfDischarge', c.placeOfDischarge);
  c.transshipments.forEach((t, i) => checkPlace(out, ref, c.mode, `transshipments[${i}]`, t));
  checkPlace(out, ref, c.mode, 'placeOfDelivery', c.placeOfDelivery);
  checkCountry(out, ref, 'countryOfOrigin', c.countryOfOrigin);
  checkCountry(out, ref, 'countryOfDestination', c.countryOfDestination);

  if (c.departureDate && c.estimatedArrivalDate && c.estimatedArrivalDate.slice(0, 10) < c.departureDate.slice(0, 10)) {
    out.add('DATE_ORDER', 'estimatedArrivalDate', `arrival ${c.estimatedArrivalDate} is before departure ${c.departureDate}`);
  }

  c.parties.forEach((p, i) => {
    checkCountry(out, ref, `parties[${i}].country`, p.country);
    if (!p.name) out.add('REQUIRED_FIELD', `parties[${i}].name`, `${p.role} has no name`);
  });

  const declared = new Set<string>();
  c.equipment.forEach((e, i) => {
    const f = `equipment[${i}]`;
    if (declared.has(e.containerNumber)) out.add('DUPLICATE_CONTAINER', `${f}.containerNumber`, `container ${e.containerNumber} is listed twice`);
    declared.add(e.containerNumber);
    const r = checkContainerNumber(e.containerNumber);
    if (!r.valid) {
      out.add(r.expectedCheckDigit === undefined ? 'CONTAINER_FORMAT' : 'CONTAINER_CHECK_DIGIT', `${f}.containerNumber`, `container ${e.containerNumber}: ${r.reason ?? 'invalid'}`);
    }
    if (e.sizeType !== undefined && !SIZE_TYPE_RE.test(e.sizeType)) out.add('CONTAINER_SIZE_TYPE', `${f}.sizeType`, `size/type ${e.sizeType} is not an ISO 6346 code`);
  });

  if (c.goodsItems.length === 0) out.add('NO_GOODS_ITEMS', 'goodsItems', 'no goods item');
  const seqs = new Set<number>();
  const reportedContainers = new Set<string>();
  c.goodsItems.forEach((g, i) => {
    const f = `goodsItems[${i}]`;
    if (seqs.has(g.seq)) out.add('DUPLICATE_GOODS_ITEM', `${f}.seq`, `goods item ${g.seq} appears twice`);
    seqs.add(g.seq);
    if (g.hsCode !== undefined) {
      if (!/^\d{6,10}$/.test(g.hsCode)) {
        out.add('HS_FORMAT', `${f}.hsCode`, `HS code ${g.hsCode} is not 6 to 10 digits`);
      }
      if (/^\d{2,10}$/.test(g.hsCode)) {
        const level = ref.hsCode(g.hsCode);
        if (level === 'heading' && g.hsCode.length >= 6) {
          out.add('UNKNOWN_HS_SUBHEADING', `${f}.hsCode`, `HS subheading ${g.hsCode.slice(0, 6)} does not exist in HS 2022 (heading ${g.hsCode.slice(0, 4)} does)`);
        } else if (level === undefined || level === 'chapter') {
          if (!(level === 'chapter' && g.hsCode.length < 4)) {
            out.add('UNKNOWN_HS', `${f}.hsCode`, `HS code ${g.hsCode} does not exist in HS 2022`);
          }
        }
      }
    }
    if (g.currency !== undefined && !ref.isCurrency(g.currency)) out.add('UNKNOWN_CURRENCY', `${f}.currency`, `${g.currency} is not an ISO 4217 currency`);
    if (g.unNumber !== undefined && (!/^\d{4}$/.test(g.unNumber) || g.unNumber === '0000')) {
      out.add('UN_NUMBER_FORMAT', `${f}.unNumber`, `UN number ${g.unNumber} is not 4 digits`);
    }
    if (g.packageType !== undefined && !PACKAGE_TYPE_RE.test(g.packageType)) {
      out.add('PACKAGE_TYPE_FORMAT', `${f}.packageType`, `package type ${g.packageType} is not a UN/ECE Rec. 21 code`);
    }
    checkNonNegative(out, `${f}.packageCount`, g.packageCount);
    checkNonNegative(out, `${f}.grossMassKg`, g.grossMassKg);
    checkNonNegative(out, `${f}.netMassKg`, g.netMassKg);
    checkNonNegative(out, `${f}.value`, g.value);
    g.containerNumbers.forEach((cn, j) => {
      if (declared.has(cn)) return;
      if (c.equipment.length > 0 && !reportedContainers.has(cn)) {
        out.add('CONTAINER_NOT_DECLARED', `${f}.containerNumbers[${j}]`, `container ${cn} is not in the equipment list`);
      }
      if (!reportedContainers.has(cn)) {
        reportedContainers.add(cn);
        const r = checkContainerNumber(cn);
        if (!r.valid) {
          out.add(r.expectedCheckDigit === undefined ? 'CONTAINER_FORMAT' : 'CONTAINER_CHECK_DIGIT', `${f}.containerNumbers[${j}]`, `container ${cn}: ${r.reason ?? 'invalid'}`);
        }
      }
    });
  });
  return out.problems;
}
