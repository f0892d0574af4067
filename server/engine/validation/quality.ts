/**
 * Data-quality score of a consignment, kept for the risk engine: 100 = complete and plausible, 0 = unusable.
 * Each flag deducts points; per-item flags deduct in proportion to the share of goods items affected.
 * Weights are in QUALITY_FLAG_WEIGHTS (documented in docs/intake.md).
 */
import type { Consignment, GoodsItem } from '../intake/model.ts';
import type { Problem } from './problems.ts';

export const QUALITY_FLAG_WEIGHTS = {
  NO_GOODS_ITEMS: 40,
  MISSING_HS: 20,
  HS_INCOMPLETE: 10,
  MISSING_DESCRIPTION: 20,
  VAGUE_DESCRIPTION: 20,
  MISSING_CONSIGNEE: 20,
  MISSING_CONSIGNEE_ADDRESS: 10,
  MISSING_CONSIGNOR: 10,
  MISSING_CONSIGNOR_ADDRESS: 5,
  NO_WEIGHT: 15,
  NO_PACKAGES: 5,
  IMPLAUSIBLE_WEIGHT_PER_PACKAGE: 10,
  NET_EXCEEDS_GROSS: 5,
  CONTAINER_WEIGHT_IMPLAUSIBLE: 10,
  FULL_CONTAINER_WITHOUT_SEAL: 5,
  MISSING_ROUTING: 10,
  MISSING_TRANSPORT_ID: 5,
  MISSING_ORIGIN_COUNTRY: 3,
  /** 2 points per validation warning (bad check digits, unknown codes…), at most 10. */
  VALIDATION_WARNINGS: 2,
} as const;

export type QualityFlagCode = keyof typeof QUALITY_FLAG_WEIGHTS;

export interface QualityFlag {
  code: QualityFlagCode;
  /** Points deducted for this flag. */
  points: number;
  /** Fields concerned, e.g. `goodsItems[0].description`. */
  fields: string[];
  detail?: string;
}

export interface QualityReport {
  /** Integer in [0, 100]. */
  score: number;
  flags: QualityFlag[];
}

/** Words that say nothing about the goods, even alone: the description is vague wherever they appear. */
const VAGUE_PHRASES = [
  'FREIGHT ALL KINDS',
  'FAK',
  'AS PER INVOICE',
  'AS PER ATTACHED',
  'AS PER LIST',
  'CONSOLIDATED',
  'CONSOLIDATION',
  'ТНП',
  'ТОВАРЫ НАРОДНОГО ПОТРЕБЛЕНИЯ',
  'СБОРНЫЙ ГРУЗ',
  'СБОРНЫЕ ГРУЗЫ',
  'СОГЛАСНО ИНВОЙСУ',
];

/** Words that are vague when nothing else specific remains after removing them. */
const GENERIC_WORDS = new Set([
  'SAID', 'TO', 'CONTAIN', 'CONTAINS', 'CONTAINING', 'STC', 'S.T.C.', 'SLAC', 'SLC', 'SHIPPER', 'SHIPPERS', "SHIPPER'S",
  'LOAD', 'AND', 'COUNT', 'OF', 'THE', 'WITH', 'IN', 'ON', 'FOR', 'NO', 'NOS', 'X',
  'GENERAL', 'CARGO', 'GOODS', 'PARTS', 'SPARE', 'ITEMS', 'ITEM', 'VARIOUS', 'MISC', 'MISCELLANEOUS', 'SUNDRIES',
  'MERCHANDISE', 'COMMODITY', 'COMMODITIES', 'PRODUCTS', 'MATERIALS', 'STUFF', 'EQUIPMENT', 'ACCESSORIES',
  'PACKAGES', 'PACKAGE', 'PKGS', 'PKG', 'PCS', 'PIECES', 'PALLETS', 'PALLET', 'PLTS', 'CARTONS', 'CARTON', 'CTNS',
  'BOXES', 'BOX', 'BAGS', 'BAG', 'UNITS', 'UNIT', 'CASES', 'CASE', 'CRATES', 'DRUMS', 'BALES', 'ROLLS', 'KG', 'KGS',
  'ГРУЗ', 'ГРУЗЫ', 'ТОВАР', 'ТОВАРЫ', 'РАЗНОЕ', 'РАЗНЫЕ', 'ЗАПЧАСТИ', 'ЗАПАСНЫЕ', 'ЧАСТИ', 'ИЗДЕЛИЯ', 'ПРОЧИЕ',
  'МЕСТ', 'МЕСТА', 'МЕСТО', 'КОРОБОК', 'КОРОБКИ', 'ПАЛЛЕТ', 'ПАЛЛЕТЫ', 'ПАЛЕТ', 'ПАЛЕТЫ', 'МЕШКОВ', 'ШТ', 'КГ', 'И',
]);

function normalizeDescription(d: string): string {
  return d
    .toUpperCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when a goods description gives no usable information about the goods. */
export function isVagueDescription(description: string): boolean {
  const d = normalizeDescription(description.replace(/S\.T\.C\./gi, 'STC'));
  if (d === '') return true;
  const padded = ` ${d} `;
  if (VAGUE_PHRASES.some((p) => padded.includes(` ${p} `))) return true;
  const specific = d.split(' ').filter((w) => !GENERIC_WORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
  return specific.length === 0;
}

const MAX_KG_PER_PACKAGE = 30_000;
const MIN_KG_PER_PACKAGE = 0.01;
/** Maximum gross mass of an ISO container is 30,480 kg (20') to 32,500 kg (40' HC): cargo above that is implausible. */
const MAX_KG_PER_CONTAINER = 32_500;
const BULK_PACKAGE_TYPES = new Set(['VR', 'VQ', 'VY', 'VL', 'VO', 'VG', 'NE', 'NF', 'NG']);

function share(items: GoodsItem[], pred: (g: GoodsItem) => boolean): { n: number; fields: number[] } {
  const fields: number[] = [];
  items.forEach((g, i) => {
    if (pred(g)) fields.push(i);
  });
  return { n: fields.length, fields };
}

/** Score a consignment. Pass the validation problems to deduct for warnings (bad check digits, unknown codes). */
export function assessQuality(c: Consignment, problems: readonly Problem[] = []): QualityReport {
  const flags: QualityFlag[] = [];
  const add = (code: QualityFlagCode, fraction: number, fields: string[], detail?: string) => {
    const points = Math.round(QUALITY_FLAG_WEIGHTS[code] * fraction * 10) / 10;
    flags.push({ code, points, fields, ...(detail !== undefined ? { detail } : {}) });
  };
  const items = c.goodsItems;
  const perItem = (code: QualityFlagCode, pred: (g: GoodsItem) => boolean, field: string) => {
    const s = share(items, pred);
    if (s.n > 0) add(code, s.n / items.length, s.fields.map((i) => `goodsItems[${i}].${field}`), `${s.n} of ${items.length} goods items`);
  };

  if (items.length === 0) {
    add('NO_GOODS_ITEMS', 1, ['goodsItems']);
  } else {
    perItem('MISSING_HS', (g) => g.hsCode === undefined, 'hsCode');
    perItem('HS_INCOMPLETE', (g) => g.hsCode !== undefined && !/^\d{6,10}$/.test(g.hsCode), 'hsCode');
    perItem('MISSING_DESCRIPTION', (g) => g.description === undefined, 'description');
    perItem('VAGUE_DESCRIPTION', (g) => g.description !== undefined && isVagueDescription(g.description), 'description');
    perItem('NO_WEIGHT', (g) => g.grossMassKg === undefined && g.netMassKg === undefined, 'grossMassKg');
    perItem('NO_PACKAGES', (g) => g.packageCount === undefined, 'packageCount');
    perItem(
      'IMPLAUSIBLE_WEIGHT_PER_PACKAGE',
      (g) => {
        const mass = g.grossMassKg ?? g.netMassKg;
        if (mass === undefined || !g.packageCount || g.packageCount <= 0) return false;
        if (g.packageType !== undefined && BULK_PACKAGE_TYPES.has(g.packageType)) return false;
        const perPackage = mass / g.packageCount;
        return perPackage > MAX_KG_PER_PACKAGE || perPackage < MIN_KG_PER_PACKAGE;
      },
      'grossMassKg',
    );
    perItem('NET_EXCEEDS_GROSS', (g) => g.netMassKg !== undefined && g.grossMassKg !== undefined && g.netMassKg > g.grossMassKg * 1.001, 'netMassKg');
  }

  const consigneeIdx = c.parties.findIndex((p) => p.role === 'consignee');
  const consignee = c.parties[consigneeIdx];
  if (!consignee) add('MISSING_CONSIGNEE', 1, ['parties']);
  else if (consignee.addressLines.length === 0 && !consignee.city) add('MISSING_CONSIGNEE_ADDRESS', 1, [`parties[${consigneeIdx}].addressLines`]);
  const consignorIdx = c.parties.findIndex((p) => p.role === 'consignor');
  const consignor = c.parties[consignorIdx];
  if (!consignor) add('MISSING_CONSIGNOR', 1, ['parties']);
  else if (consignor.addressLines.length === 0 && !consignor.city) add('MISSING_CONSIGNOR_ADDRESS', 1, [`parties[${consignorIdx}].addressLines`]);

  // Cargo mass per container: items in several containers are split evenly.
  if (c.equipment.length > 0 && items.length > 0) {
    const mass = new Map<string, number>();
    for (const g of items) {
      const m = g.grossMassKg;
      if (m === undefined || g.containerNumbers.length === 0) continue;
      for (const cn of g.containerNumbers) mass.set(cn, (mass.get(cn) ?? 0) + m / g.containerNumbers.length);
    }
    const bad: string[] = [];
    c.equipment.forEach((e, i) => {
      const m = mass.get(e.containerNumber);
      if (m === undefined) return;
      if (m > MAX_KG_PER_CONTAINER || (e.fullEmpty === 'EMPTY' && m > 0)) bad.push(`equipment[${i}]`);
    });
    if (bad.length > 0) add('CONTAINER_WEIGHT_IMPLAUSIBLE', 1, bad, `cargo mass above ${MAX_KG_PER_CONTAINER} kg, or cargo in an empty container`);
  }
  const unsealed = c.equipment.flatMap((e, i) => (e.fullEmpty !== 'EMPTY' && e.seals.length === 0 ? [`equipment[${i}].seals`] : []));
  if (unsealed.length > 0) add('FULL_CONTAINER_WITHOUT_SEAL', 1, unsealed);

  const missingPlaces = (['placeOfLoading', 'placeOfDischarge'] as const).filter((k) => c[k] === undefined);
  if (missingPlaces.length > 0) add('MISSING_ROUTING', missingPlaces.length / 2, [...missingPlaces]);
  if (c.mode === 'sea' && c.imoNumber === undefined && c.vesselName === undefined) add('MISSING_TRANSPORT_ID', 1, ['imoNumber']);
  if (c.mode === 'air' && c.flightNumber === undefined) add('MISSING_TRANSPORT_ID', 1, ['flightNumber']);
  if (c.countryOfOrigin === undefined) add('MISSING_ORIGIN_COUNTRY', 1, ['countryOfOrigin']);

  const warnings = problems.filter((p) => p.level === 'warning');
  if (warnings.length > 0) {
    const n = Math.min(warnings.length, 5);
    add('VALIDATION_WARNINGS', n, warnings.flatMap((p) => (p.field ? [p.field] : [])).slice(0, 20), `${warnings.length} warnings`);
  }

  const deducted = flags.reduce((s, f) => s + f.points, 0);
  return { score: Math.max(0, Math.min(100, Math.round(100 - deducted))), flags };
}
