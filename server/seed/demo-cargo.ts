/**
 * Realistic synthetic advance cargo data for the demo network and tests: sea B/Ls with containers (valid
 * ISO 6346 and IMO check digits) on real routes into the IREN ports, and air waybills into the ACCUs, with
 * parties in Latin and Cyrillic scripts and a few data-quality problems on purpose (vague descriptions,
 * missing HS codes, a wrong container check digit). Deterministic for a given seed.
 *
 *   for (const c of demoConsignments({ unitLocode: 'GEPTI', count: 40, seed: 1 })) …
 */
import { iso6346CheckDigit } from '../engine/validation/index.ts';
import type { Consignment } from '../engine/intake/model.ts';

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

const VESSELS = [
  { name: 'MSC ANNA', imo: 9777163 },
  { name: 'MAERSK KINLOSS', imo: 9215311 },
  { name: 'CMA CGM TAGE', imo: 9410765 },
  { name: 'ARKAS AEGEAN', imo: 9308651 },
  { name: 'MERSIN EXPRESS', imo: 9286011 },
  { name: 'KAPITAN RADIONOV', imo: 9140114 },
];
const CARRIERS = [
  { code: 'MSCU', name: 'Mediterranean Shipping Company' },
  { code: 'MAEU', name: 'Maersk' },
  { code: 'CMDU', name: 'CMA CGM' },
  { code: 'ARKU', name: 'Arkas Line' },
];
const OWNER_CODES = ['MSCU', 'MSKU', 'CMAU', 'ARKU', 'TGHU', 'TCNU', 'GESU', 'SEGU'];

/** Origin ports and typical transshipment hubs per destination port. */
const SEA_ROUTES: Record<string, { from: string[]; via: string[] }> = {
  GEPTI: { from: ['CNSHA', 'CNNGB', 'INNSA', 'TRMER', 'ECGYE', 'BRSSZ'], via: ['TRAMB', 'EGPSD', 'GRPIR'] },
  GEBUS: { from: ['CNSHA', 'TRMER', 'ITGOA'], via: ['TRAMB', 'GRPIR'] },
  UAODS: { from: ['CNSHA', 'ECGYE', 'COCTG', 'TRMER', 'INNSA'], via: ['TRAMB', 'EGPSD', 'MTMAR'] },
  UAILK: { from: ['CNNGB', 'BRSSZ', 'ECGYE'], via: ['GRPIR', 'TRAMB'] },
  PKKHI: { from: ['CNSHA', 'AEJEA', 'MYPKG', 'SGSIN', 'NLRTM'], via: ['AEJEA', 'OMSLL', 'LKCMB'] },
  PKBQM: { from: ['CNSHA', 'SGSIN', 'AEJEA'], via: ['AEJEA', 'LKCMB'] },
  KZAAU: { from: ['AZBAK', 'IRBND', 'RUASF', 'TRMER'], via: ['AZALA', 'GEPTI'] },
  TMKRW: { from: ['AZBAK', 'RUASF', 'IRBND'], via: ['AZALA'] },
  AZALA: { from: ['KZAAU', 'TMKRW', 'TRMER', 'CNSHA'], via: ['GEPTI', 'TRAMB'] },
};
const AIR_ROUTES: Record<string, string[]> = {
  TBS: ['IST', 'DXB', 'FRA'],
  ALA: ['PEK', 'DXB', 'IST', 'FRA'],
  LHE: ['DXB', 'DOH', 'KUL'],
  FRU: ['IST', 'URC'],
  DYU: ['IST', 'DXB'],
  KBL: ['DXB', 'IST'],
};

const GOODS = [
  { hs: '090111', desc: 'GREEN COFFEE BEANS IN JUTE BAGS', kgPerPkg: 60, pkg: 'BG', valuePerKg: 4.5 },
  { hs: '080390', desc: 'FRESH BANANAS CAVENDISH', kgPerPkg: 18, pkg: 'CT', valuePerKg: 0.8 },
  { hs: '847130', desc: 'PORTABLE COMPUTERS (LAPTOPS)', kgPerPkg: 12, pkg: 'CT', valuePerKg: 180 },
  { hs: '610910', desc: 'COTTON T-SHIRTS, KNITTED', kgPerPkg: 15, pkg: 'CT', valuePerKg: 9 },
  { hs: '392321', desc: 'POLYETHYLENE BAGS', kgPerPkg: 25, pkg: 'BL', valuePerKg: 2.2 },
  { hs: '870323', desc: 'USED PASSENGER CARS 1500-3000CC', kgPerPkg: 1400, pkg: 'NE', valuePerKg: 6 },
  { hs: '200911', desc: 'FROZEN ORANGE JUICE CONCENTRATE', kgPerPkg: 250, pkg: 'DR', valuePerKg: 1.6 },
  { hs: '293329', desc: 'ORGANIC CHEMICALS, HETEROCYCLIC COMPOUNDS', kgPerPkg: 200, pkg: 'DR', valuePerKg: 12 },
  { hs: '240220', desc: 'CIGARETTES CONTAINING TOBACCO', kgPerPkg: 10, pkg: 'CT', valuePerKg: 35 },
  { hs: '100199', desc: 'WHEAT, IN BULK BAGS', kgPerPkg: 1000, pkg: 'JB', valuePerKg: 0.3 },
  { hs: '730890', desc: 'STEEL STRUCTURES AND PARTS', kgPerPkg: 800, pkg: 'PX', valuePerKg: 1.5 },
  { hs: '300490', desc: 'MEDICAMENTS IN MEASURED DOSES', kgPerPkg: 8, pkg: 'CT', valuePerKg: 60 },
];
const VAGUE = ['FAK', 'GENERAL CARGO', 'SAID TO CONTAIN PARTS', 'ТНП'];

const SHIPPERS = [
  { name: 'Shanghai Orient Trading Co., Ltd.', country: 'CN', city: 'Shanghai' },
  { name: 'Ningbo Sunrise Imp. & Exp. Co. Ltd', country: 'CN', city: 'Ningbo' },
  { name: 'Exportadora Bananera del Pacifico S.A.', country: 'EC', city: 'Guayaquil' },
  { name: 'Mersin Gida Sanayi ve Ticaret A.Ş.', country: 'TR', city: 'Mersin' },
  { name: 'Jebel Ali General Trading LLC', country: 'AE', city: 'Dubai' },
  { name: 'Nhava Sheva Textiles Pvt Ltd', country: 'IN', city: 'Mumbai' },
  { name: 'Bandar Abbas Petrochemical Co.', country: 'IR', city: 'Bandar Abbas' },
  { name: 'Cafe Santos Exportacao Ltda', country: 'BR', city: 'Santos' },
];
const CONSIGNEES: Record<string, { name: string; city: string }[]> = {
  GE: [
    { name: 'შპს კავკასია ტრეიდი', city: 'Tbilisi' },
    { name: 'Caucasus Trade LLC', city: 'Tbilisi' },
    { name: 'Black Sea Logistics Ltd', city: 'Batumi' },
  ],
  UA: [
    { name: 'ТОВ "Чорноморська Торгова Компанія"', city: 'Odesa' },
    { name: 'Odesa Fruit Import LLC', city: 'Odesa' },
  ],
  PK: [
    { name: 'Karachi Commodities (Pvt.) Ltd.', city: 'Karachi' },
    { name: 'Indus Pharma Distributors', city: 'Lahore' },
  ],
  KZ: [
    { name: 'ТОО "Каспий Логистик"', city: 'Aktau' },
    { name: 'ТОО «Алматы Импорт Групп»', city: 'Almaty' },
  ],
  TM: [{ name: 'Türkmen Söwda Hojalyk Jemgyýeti', city: 'Turkmenbashi' }],
  AZ: [{ name: 'Bakı Ticarət MMC', city: 'Baku' }],
  KG: [{ name: 'ОсОО "Бишкек Карго"', city: 'Bishkek' }],
  TJ: [{ name: 'ҶДММ "Душанбе Савдо"', city: 'Dushanbe' }],
  AF: [{ name: 'شرکت تجارتی کابل', city: 'Kabul' }],
};

function containerNumber(r: () => number, breakCheck = false): string {
  const owner = OWNER_CODES[Math.floor(r() * OWNER_CODES.length)]!;
  const serial = String(Math.floor(r() * 1e6)).padStart(6, '0');
  const first10 = owner + serial;
  const check = iso6346CheckDigit(first10)!;
  return first10 + String(breakCheck ? (check + 1) % 10 : check);
}

function imoWithCheck(base6: number): string {
  const s = String(base6).padStart(6, '0').slice(0, 6);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (s.charCodeAt(i) - 48) * (7 - i);
  return s + String(sum % 10);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function isoDay(base: Date, plusDays: number): string {
  return new Date(base.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

export interface DemoCargoOptions {
  /** UN/LOCODE of a port unit, or IATA code of an airport unit. */
  place: string;
  country: string;
  count: number;
  seed: number;
  /** Arrival dates spread from this day back and forward. */
  today?: Date;
}

export function* demoConsignments(o: DemoCargoOptions): Generator<Consignment> {
  const r = rng(o.seed);
  const today = o.today ?? new Date();
  const consignees = CONSIGNEES[o.country] ?? CONSIGNEES.GE!;
  const air = o.place.length === 3;
  for (let i = 0; i < o.count; i++) {
    const goodsCount = 1 + Math.floor(r() * 3);
    const shipper = pick(r, SHIPPERS);
    const consignee = pick(r, consignees);
    const eta = isoDay(today, Math.floor(r() * 20) - 10);
    const items = [];
    const containers: string[] = [];
    if (!air) {
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) containers.push(containerNumber(r, r() < 0.02));
    }
    for (let g = 0; g < goodsCount; g++) {
      const kind = pick(r, GOODS);
      const packages = 5 + Math.floor(r() * (air ? 40 : 400));
      const gross = Math.round(packages * kind.kgPerPkg * (0.9 + r() * 0.2));
      const vague = r() < 0.06;
      items.push({
        seq: g + 1,
        hsCode: r() < 0.05 ? undefined : kind.hs,
        description: vague ? pick(r, VAGUE) : kind.desc,
        packageCount: packages,
        packageType: kind.pkg,
        grossMassKg: gross,
        netMassKg: Math.round(gross * 0.93),
        value: Math.round(gross * kind.valuePerKg * (0.7 + r() * 0.6)),
        currency: 'USD',
        containerNumbers: containers.length ? [containers[g % containers.length]!] : [],
      });
    }
    if (air) {
      const origin = pick(r, AIR_ROUTES[o.place] ?? ['IST']);
      const prefix = pick(r, ['235', '176', '157', '465']);
      const serial7 = String(Math.floor(r() * 1e7)).padStart(7, '0');
      yield {
        documentType: 'AWB_MASTER',
        documentNumber: `${prefix}${serial7}${Number(serial7) % 7}`,
        mode: 'air',
        carrier: { code: prefix, name: { '235': 'Turkish Airlines', '176': 'Emirates', '157': 'Qatar Airways', '465': 'Air Astana' }[prefix] },
        flightNumber: `${{ '235': 'TK', '176': 'EK', '157': 'QR', '465': 'KC' }[prefix]}${100 + Math.floor(r() * 900)}`,
        placeOfLoading: origin,
        placeOfDischarge: o.place,
        transshipments: [],
        countryOfOrigin: shipper.country,
        countryOfDestination: o.country,
        departureDate: isoDay(new Date(eta), -1),
        estimatedArrivalDate: eta,
        parties: [
          { role: 'consignor', name: shipper.name, addressLines: [], city: shipper.city, country: shipper.country, identifiers: [] },
          { role: 'consignee', name: consignee.name, addressLines: r() < 0.1 ? [] : [`${1 + Math.floor(r() * 120)} Main Street`], city: consignee.city, country: o.country, identifiers: [] },
        ],
        goodsItems: items,
        equipment: [],
      };
      continue;
    }
    const route = SEA_ROUTES[o.place] ?? { from: ['CNSHA'], via: ['TRAMB'] };
    const vessel = pick(r, VESSELS);
    const carrier = pick(r, CARRIERS);
    const from = pick(r, route.from);
    const via = r() < 0.7 ? [pick(r, route.via)].filter((v) => v !== from && v !== o.place) : [];
    yield {
      documentType: 'BL_MASTER',
      documentNumber: `${carrier.code}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      mode: 'sea',
      carrier,
      vesselName: vessel.name,
      imoNumber: imoWithCheck(Math.floor(vessel.imo / 10)),
      voyageNumber: `${String(Math.floor(r() * 900) + 100)}${pick(r, ['E', 'W', 'N', 'S'])}`,
      placeOfLoading: from,
      placeOfDischarge: o.place,
      transshipments: via,
      countryOfOrigin: shipper.country,
      countryOfDestination: o.country,
      departureDate: isoDay(new Date(eta), -(14 + Math.floor(r() * 20))),
      estimatedArrivalDate: eta,
      parties: [
        { role: 'consignor', name: shipper.name, addressLines: [`Port Road ${1 + Math.floor(r() * 99)}`], city: shipper.city, country: shipper.country, identifiers: [] },
        { role: 'consignee', name: consignee.name, addressLines: r() < 0.1 ? [] : [`${1 + Math.floor(r() * 120)} Rustaveli Ave`], city: consignee.city, country: o.country, identifiers: [] },
        { role: 'notifyParty', name: consignee.name, addressLines: [], city: consignee.city, country: o.country, identifiers: [] },
      ],
      goodsItems: items,
      equipment: containers.map((cn) => ({ containerNumber: cn, sizeType: pick(r, ['22G1', '42G1', '45G1', '45R1']), seals: [`SL${Math.floor(r() * 1e7)}`], fullEmpty: 'FULL' as const })),
    };
  }
}

/** Which demo unit receives how much cargo (place = the unit's UN/LOCODE, or IATA code for ACCUs). */
export const DEMO_CARGO_PLAN = [
  { unit: 'GE-PTI-PCU', place: 'GEPTI', country: 'GE', count: 60 },
  { unit: 'GE-BUS-PCU', place: 'GEBUS', country: 'GE', count: 20 },
  { unit: 'GE-TBS-ACCU', place: 'TBS', country: 'GE', count: 15 },
  { unit: 'UA-ODS-PCU', place: 'UAODS', country: 'UA', count: 50 },
  { unit: 'PK-KHI-PCU', place: 'PKKHI', country: 'PK', count: 50 },
  { unit: 'KZ-AAU-PCU', place: 'KZAAU', country: 'KZ', count: 40 },
  { unit: 'KZ-ALA-ACCU', place: 'ALA', country: 'KZ', count: 15 },
  { unit: 'TM-KRW-PCU', place: 'TMKRW', country: 'TM', count: 15 },
  { unit: 'AZ-ALA-PCU', place: 'AZALA', country: 'AZ', count: 20 },
] as const;
