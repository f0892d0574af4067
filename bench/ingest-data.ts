/**
 * Synthetic advance cargo data for the ingest benchmark: the demo generator's sea B/Ls (1–3 goods items and
 * 1–3 containers each, valid check digits), grouped into vessel calls (consecutive B/Ls share vessel, voyage,
 * carrier and dates, as in a real cargo report), with party names drawn from a large pool of distinct Latin,
 * Cyrillic and Georgian company names (so search keys and trigram indexes see realistic variety), written as
 * CSV (one row per goods item, default layout) or as a UN/EDIFACT CUSCAR D.99B interchange. Deterministic.
 */
import fs from 'node:fs';
import type { Consignment } from '../server/engine/intake/model.ts';
import { demoConsignments } from '../server/seed/demo-cargo.ts';
import { cuscarChunks } from './cuscar-writer.ts';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LATIN_WORDS = ['Orient', 'Sunrise', 'Pacific', 'Global', 'Silk Road', 'Golden', 'Black Sea', 'Caucasus', 'Atlas', 'Anatolia', 'Delta', 'Nova', 'Baltic', 'Eastern', 'United', 'Star', 'Grand', 'Prime', 'Green Valley', 'Harbor', 'Eurasia', 'Caspian', 'Metro', 'Royal'];
const LATIN_TRADES = ['Trading', 'Logistics', 'Import & Export', 'Textiles', 'Foods', 'Chemicals', 'Auto Parts', 'Electronics', 'Shipping', 'Agro', 'Pharma', 'Steel', 'Commodities'];
const LATIN_FORMS = ['Co., Ltd.', 'LLC', 'Ltd', 'GmbH', 'S.A.', 'A.Ş.', 'Pvt Ltd', 'FZE', 'JSC', 'Inc.'];
const CYR_WORDS = ['Кавказ', 'Каспий', 'Черноморская', 'Восток', 'Евразия', 'Альфа', 'Днепр', 'Алматы', 'Степь', 'Сибирь', 'Тянь-Шань', 'Азия', 'Меридиан', 'Гранит', 'Орион', 'Прогресс'];
const CYR_TRADES = ['Трейд', 'Логистик', 'Импорт', 'Торговая Компания', 'Агро', 'Фарм', 'Текстиль', 'Карго', 'Снаб', 'Групп'];
const CYR_FORMS = (w: string) => [`ООО "${w}"`, `ТОО «${w}»`, `ТОВ «${w}»`, `ОсОО "${w}"`, `АО "${w}"`, `ИП ${w}`];
const KA_WORDS = ['კავკასია', 'თბილისი', 'ბათუმი', 'ქართლი', 'კოლხეთი', 'იმერეთი'];
const KA_TRADES = ['ტრეიდი', 'ლოჯისტიკა', 'იმპორტი', 'ჯგუფი'];

/** A pool of distinct company names: mostly Latin, a third Cyrillic, some Georgian. */
function namePool(size: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const names = new Set<string>();
  let guard = 0;
  while (names.size < size && guard++ < size * 20) {
    const x = r();
    const n = Math.floor(r() * 90) + 1;
    if (x < 0.55) names.add(`${pick(LATIN_WORDS)} ${pick(LATIN_WORDS)} ${pick(LATIN_TRADES)} ${n > 45 ? '' : `No.${n} `}${pick(LATIN_FORMS)}`.replace(/\s+/g, ' '));
    else if (x < 0.9) names.add(pick(CYR_FORMS(`${pick(CYR_WORDS)} ${pick(CYR_TRADES)}${n > 60 ? '' : ` ${n}`}`)));
    else names.add(`შპს ${pick(KA_WORDS)} ${pick(KA_TRADES)}${n > 50 ? '' : ` ${n}`}`);
  }
  return [...names];
}

export interface BenchDataOptions {
  count: number;
  seed?: number;
  /** B/Ls per vessel call. Default 40. */
  perCall?: number;
  /** Distinct party names. Default 20,000. */
  names?: number;
}

/** Unique, deterministic sea B/Ls for the benchmark. */
export function* benchConsignments(o: BenchDataOptions): Generator<Consignment> {
  const seed = o.seed ?? 20261128;
  const perCall = o.perCall ?? 40;
  const pool = namePool(o.names ?? 20_000, seed + 1);
  const r = rng(seed + 2);
  // Skewed choice: a few big traders appear often, most names rarely.
  const name = () => pool[Math.floor(pool.length * r() ** 2)]!;
  let i = 0;
  let call: Consignment | undefined;
  for (const c of demoConsignments({ place: 'GEPTI', country: 'GE', count: o.count, seed, today: new Date('2026-11-28') })) {
    if (i % perCall === 0) call = c;
    const v = call!;
    i++;
    const consignor = name();
    const consignee = name();
    yield {
      ...c,
      documentNumber: `${v.carrier?.code ?? 'XXXX'}${String(i).padStart(9, '0')}`,
      carrier: v.carrier,
      vesselName: v.vesselName,
      imoNumber: v.imoNumber,
      voyageNumber: v.voyageNumber,
      departureDate: v.departureDate,
      estimatedArrivalDate: v.estimatedArrivalDate,
      parties: c.parties.map((p) => ({ ...p, name: p.role === 'consignor' ? consignor : consignee })),
    };
  }
}

export const CSV_COLUMNS = [
  'documentType', 'documentNumber', 'mode', 'carrierCode', 'carrierName', 'vesselName', 'imoNumber', 'voyageNumber',
  'placeOfLoading', 'placeOfDischarge', 'transshipments', 'countryOfOrigin', 'countryOfDestination', 'departureDate',
  'estimatedArrivalDate', 'consignorName', 'consignorAddress', 'consignorCity', 'consignorCountry', 'consigneeName',
  'consigneeAddress', 'consigneeCity', 'consigneeCountry', 'notifyPartyName', 'notifyPartyCity', 'notifyPartyCountry',
  'itemSeq', 'hsCode', 'description', 'packageCount', 'packageType', 'grossMassKg', 'netMassKg', 'value', 'currency',
  'containerNumbers', 'containerSizeType', 'containerSeals', 'containerFullEmpty',
] as const;

const q = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV rows of one consignment: one per goods item (its container on the same row). */
export function csvRows(c: Consignment): string {
  const consignor = c.parties.find((p) => p.role === 'consignor');
  const consignee = c.parties.find((p) => p.role === 'consignee');
  const notify = c.parties.find((p) => p.role === 'notifyParty');
  let out = '';
  for (const g of c.goodsItems) {
    const eq = c.equipment.filter((e) => g.containerNumbers.includes(e.containerNumber));
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      documentType: c.documentType, documentNumber: c.documentNumber, mode: c.mode, carrierCode: c.carrier?.code, carrierName: c.carrier?.name,
      vesselName: c.vesselName, imoNumber: c.imoNumber, voyageNumber: c.voyageNumber, placeOfLoading: c.placeOfLoading,
      placeOfDischarge: c.placeOfDischarge, transshipments: c.transshipments.join(';'), countryOfOrigin: c.countryOfOrigin,
      countryOfDestination: c.countryOfDestination, departureDate: c.departureDate, estimatedArrivalDate: c.estimatedArrivalDate,
      consignorName: consignor?.name, consignorAddress: consignor?.addressLines.join('|'), consignorCity: consignor?.city, consignorCountry: consignor?.country,
      consigneeName: consignee?.name, consigneeAddress: consignee?.addressLines.join('|'), consigneeCity: consignee?.city, consigneeCountry: consignee?.country,
      notifyPartyName: notify?.name, notifyPartyCity: notify?.city, notifyPartyCountry: notify?.country,
      itemSeq: g.seq, hsCode: g.hsCode, description: g.description, packageCount: g.packageCount, packageType: g.packageType,
      grossMassKg: g.grossMassKg, netMassKg: g.netMassKg, value: g.value, currency: g.currency,
      containerNumbers: g.containerNumbers.join(';'), containerSizeType: eq[0]?.sizeType, containerSeals: eq.length === 1 ? eq[0]!.seals.join(';') : '',
      containerFullEmpty: eq[0]?.fullEmpty,
    };
    out += `${CSV_COLUMNS.map((k) => q(row[k])).join(',')}\n`;
  }
  return out;
}

function writeChunks(file: string, chunks: Iterable<string>): number {
  const fd = fs.openSync(file, 'w');
  let buf = '';
  for (const s of chunks) {
    buf += s;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

export function writeCsv(file: string, data: Iterable<Consignment>): number {
  return writeChunks(
    file,
    (function* () {
      yield `${CSV_COLUMNS.join(',')}\n`;
      for (const c of data) yield csvRows(c);
    })(),
  );
}

export function writeCuscarFile(file: string, data: Iterable<Consignment>): number {
  return writeChunks(file, cuscarChunks(data, { perMessage: 40, interchangeRef: 'IRENBENCH', preparedAt: new Date('2026-11-20T06:00:00Z') }));
}
