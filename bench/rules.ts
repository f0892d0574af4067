/**
 * Rule engine throughput: N synthetic consignments × 200 risk profiles.
 *
 *   npm run bench:rules -- [--count N] [--profiles P] [--seed S]
 *
 * Measures consignments/s on one thread evaluating all profiles per
 * consignment, three ways on the same data in the same run:
 *  - compiled rules one by one (prepareFacts once per consignment, then 200 evaluate());
 *  - compiled rules as a RuleSet (profiles indexed by their guards);
 *  - the same profiles written by hand as plain JS functions (the baseline a
 *    compiler could at best reach rule by rule).
 * Rates are per CPU-second of this process (the machine may be shared); wall
 * time is printed too. All three must agree on every profile's hit count, or
 * the bench exits non-zero. Consignments are generated in chunks of 100k
 * (untimed), so memory stays bounded and the data is not cache-warm.
 */
import { pathToFileURL } from 'node:url';
import { compileRule, createRuleSet, prepareFacts, type CompiledRule, type ConsignmentFacts } from '../server/engine/rules/index.ts';

// ---------------------------------------------------------------------------
// Options

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`${name} needs a positive number`);
    process.exit(2);
  }
  return Math.floor(v);
}
const COUNT = argValue('--count', 1_000_000);
const PROFILES = argValue('--profiles', 200);
const SEED = argValue('--seed', 20240901);
const CHUNK = 100_000;

// ---------------------------------------------------------------------------
// Deterministic random data

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}
const chance = (p: number): boolean => rnd() < p;

const LOADING = ['CNSHA', 'CNNGB', 'CNSZX', 'CNTAO', 'INNSA', 'VNSGN', 'TRMER', 'TRIST', 'IRBND', 'PKKHI', 'AEJEA', 'EGPSD', 'NLRTM', 'DEHAM', 'ESALG', 'BRSSZ', 'ECGYE', 'COCTG'];
const HUBS = ['AEJEA', 'PKKHI', 'IRBND', 'SGSIN', 'LKCMB', 'TRMER', 'EGPSD', 'GRPIR', 'MTMAR', 'UAODS', 'RUNVS', 'OMSLL'];
const DISCHARGE = ['GEPTI', 'GEBUS', 'UAODS', 'AZBAK', 'KZAKT', 'RUNVS', 'TRMER', 'GEPTI', 'GEPTI'];
const COUNTRIES = ['CN', 'IN', 'VN', 'TR', 'IR', 'PK', 'AE', 'EG', 'NL', 'DE', 'ES', 'BR', 'EC', 'CO', 'AF', 'SY', 'RU', 'UA', 'GE', 'AZ', 'KZ'];
const HS: readonly [string, string[]][] = [
  ['090111', ['Coffee beans, not roasted', 'GREEN COFFEE BEANS', 'coffee arabica']],
  ['090121', ['Roasted coffee', 'ROASTED COFFEE BEANS']],
  ['271019', ['Lubricating oil', 'BASE OIL SN500', 'engine oil']],
  ['271012', ['Light oils', 'GASOLINE']],
  ['870323', ['Used passenger cars', 'USED CAR TOYOTA CAMRY', 'motor vehicle']],
  ['870332', ['Diesel cars', 'USED DIESEL CAR']],
  ['401220', ['Used tyres', 'OLD TIRES', 'used tires for retreading']],
  ['401120', ['New tyres for buses', 'TRUCK TYRES']],
  ['620342', ['Cotton trousers', "MEN'S TROUSERS"]],
  ['610910', ['T-shirts', 'COTTON T-SHIRTS']],
  ['847130', ['Laptop computers', 'NOTEBOOK PC']],
  ['854231', ['Integrated circuits', 'PROCESSORS']],
  ['300490', ['Medicaments', 'PHARMACEUTICAL PRODUCTS', 'samples']],
  ['293219', ['Heterocyclic compounds', 'CHEMICALS']],
  ['291439', ['Ketones', 'CHEMICAL PRODUCTS']],
  ['292429', ['Amides', 'chemicals']],
  ['240220', ['Cigarettes', 'CIGARETTES']],
  ['220830', ['Whisky', 'SCOTCH WHISKY']],
  ['030617', ['Frozen shrimps', 'FROZEN SHRIMP']],
  ['080390', ['Bananas', 'FRESH BANANAS', 'fruit']],
  ['170199', ['Cane sugar', 'WHITE SUGAR']],
  ['720839', ['Hot-rolled steel coils', 'STEEL COILS']],
  ['940360', ['Wooden furniture', 'FURNITURE']],
  ['392690', ['Plastic articles', 'spare parts', 'GENERAL CARGO']],
  ['950300', ['Toys', 'PLASTIC TOYS']],
  ['330499', ['Cosmetics', 'BEAUTY PRODUCTS']],
  ['731815', ['Screws and bolts', 'FASTENERS', 'spare parts']],
  ['100630', ['Rice', 'WHITE RICE 25KG BAGS']],
  ['843149', ['Parts of machinery', 'SPARE PARTS', 'parts']],
];
const NAME_A = ['Shenzhen', 'Ningbo', 'Golden', 'Silk Road', 'Caspian', 'Kavkaz', 'Black Sea', 'Euro', 'Global', 'Orient', 'Tbilisi', 'Anatolia', 'Gulf', 'Indus', 'Pearl'];
const NAME_B = ['Huaxin', 'Star', 'Bridge', 'Line', 'Express', 'Unity', 'Alliance', 'Horizon', 'Delta', 'Prime', 'Phoenix', 'Atlas'];
const NAME_C = ['Trading Co Ltd', 'Logistics LLC', 'Import Export', 'Group', 'Industries', 'General Trading FZE', 'LLC', 'Ltd'];
interface Party {
  id: string;
  name: string;
  country: string;
  firstSeenDays?: number;
}
function makeParties(n: number, prefix: string): Party[] {
  const out: Party[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `${prefix}${100000 + i}`,
      name: `${pick(NAME_A)} ${pick(NAME_B)} ${pick(NAME_C)} ${i}`,
      country: pick(COUNTRIES),
      ...(chance(0.92) ? { firstSeenDays: Math.floor(rnd() ** 2 * 3000) } : {}),
    });
  }
  return out;
}
const SHIPPERS = makeParties(5000, 'S');
const CONSIGNEES = makeParties(8000, 'C');
const CARRIERS = ['MSCU', 'MAEU', 'CMDU', 'HLCU', 'COSU', 'EGLV', 'ONEY', 'ZIMU', 'YMLU', 'ARKU', 'IRSU', 'SGHU'];
const FLAGS = ['missing-hs', 'weight-mismatch', 'vague-description', 'value-missing', 'party-address-incomplete'];

export function consignment(n: number): ConsignmentFacts {
  const mode = chance(0.7) ? 'sea' : chance(0.5) ? 'air' : chance(0.85) ? 'road' : 'rail';
  const loading = pick(LOADING);
  const transshipment: string[] = [];
  const hops = chance(0.45) ? 0 : chance(0.7) ? 1 : 2;
  for (let k = 0; k < hops; k++) transshipment.push(pick(HUBS));
  const items = chance(0.6) ? 1 : int(2, 5);
  const goods = [];
  for (let k = 0; k < items; k++) {
    const [hs, descs] = pick(HS);
    goods.push({
      hs,
      description: pick(descs),
      grossMassKg: Math.round(rnd() ** 2 * 25000) + 1,
      value: Math.round(rnd() ** 3 * 200000) + 10,
      packages: int(1, 800),
      originCountry: pick(COUNTRIES),
    });
  }
  const shipper = pick(SHIPPERS);
  const consignee = pick(CONSIGNEES);
  const containers = mode === 'sea' ? int(0, 4) : 0;
  const flags = [];
  if (chance(0.08)) flags.push(pick(FLAGS));
  if (chance(0.03)) flags.push(pick(FLAGS));
  return {
    id: `C${n}`,
    mode,
    document: { type: mode === 'sea' ? pick(['BL', 'BL', 'HBL']) : mode === 'air' ? 'AWB' : mode === 'road' ? 'CMR' : 'CIM', number: `D${n}`, date: `2024-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}` },
    carrier: { code: pick(CARRIERS) },
    ...(mode === 'sea' ? { vessel: chance(0.95) ? { imo: String(9000000 + int(0, 999999)), name: 'MV ' + pick(NAME_B) } : { name: 'MV ' + pick(NAME_B) } } : {}),
    route: { loading, transshipment, discharge: pick(DISCHARGE) },
    origin: { country: loading.slice(0, 2) },
    destination: { country: 'GE' },
    goods,
    container: { count: containers, numbers: Array.from({ length: containers }, (_, k) => `MSCU${String(n * 10 + k).padStart(7, '0')}`) },
    shipper: { ...shipper },
    consignee: { ...consignee },
    ...(chance(0.9) ? { pair: { firstSeenDays: Math.floor(rnd() ** 3 * 2000) } } : {}),
    indicators: {
      routeThroughListedCountries: chance(0.8) ? 0 : int(1, 3),
      weightPerPackageZ: (rnd() + rnd() + rnd() - 1.5) * 3,
      valuePerKgZ: (rnd() + rnd() + rnd() - 1.5) * 3,
      newShipper: chance(0.05),
      newConsignee: chance(0.07),
      newPair: chance(0.12),
      linkedToSeizure: chance(0.01),
      linkedToWarning: chance(0.02),
      vagueDescription: chance(0.06),
    },
    dataQuality: { score: int(30, 100), flags },
  };
}

// ---------------------------------------------------------------------------
// Profiles: rule text and the same logic written by hand

export const LISTS: Record<string, string[]> = {
  'high-risk-ports': ['PKKHI', 'IRBND', 'UAODS', 'OMSLL'],
  'sanctioned-countries': ['IR', 'SY', 'KP', 'AF'],
  'precursor-hs': ['2914', '2932', '2939', '2924', '2933'],
  'watch-carriers': ['IRSU', 'SGHU', 'ARKU'],
  'watch-shippers': SHIPPERS.filter((_, i) => i % 97 === 0).map((s) => s.name),
};
const SETS: Record<string, Set<string>> = Object.fromEntries(Object.entries(LISTS).map(([k, v]) => [k, new Set(v)]));
const SET = (name: string): Set<string> => SETS[name] as Set<string>;
const SANCTIONED = SET('sanctioned-countries');
const CN_SG = new Set(['CN', 'SG']);
const PRECURSORS = LISTS['precursor-hs'] as string[];

/** What a hand-written screening loop would prepare once per consignment: lower-cased free text. */
interface Hand {
  f: ConsignmentFacts;
  descs: string[];
  shipperName: string;
  consigneeName: string;
  countries: string[];
}
export function handPrepare(f: ConsignmentFacts): Hand {
  const g = f.goods ?? [];
  const descs = new Array<string>(g.length);
  for (let i = 0; i < g.length; i++) descs[i] = (g[i]?.description ?? '').toLowerCase();
  return {
    f,
    descs,
    shipperName: (f.shipper?.name ?? '').toLowerCase(),
    consigneeName: (f.consignee?.name ?? '').toLowerCase(),
    countries: countries(f),
  };
}
function anyIn(xs: readonly string[] | undefined, set: Set<string>): boolean {
  if (xs === undefined) return false;
  for (let i = 0; i < xs.length; i++) if (set.has(xs[i] as string)) return true;
  return false;
}
function countries(f: ConsignmentFacts): string[] {
  const r = f.route;
  const out: string[] = [];
  if (r?.loading) out.push(r.loading.slice(0, 2));
  for (const t of r?.transshipment ?? []) out.push(t.slice(0, 2));
  if (r?.discharge) out.push(r.discharge.slice(0, 2));
  return out;
}
function hsAny(f: ConsignmentFacts, prefix: string): boolean {
  const g = f.goods;
  if (g === undefined) return false;
  for (let i = 0; i < g.length; i++) if ((g[i]?.hs ?? '').startsWith(prefix)) return true;
  return false;
}
function hsAnyOf(f: ConsignmentFacts, prefixes: readonly string[]): boolean {
  for (let k = 0; k < prefixes.length; k++) if (hsAny(f, prefixes[k] as string)) return true;
  return false;
}
function totalOf(f: ConsignmentFacts, key: 'value' | 'grossMassKg'): number | undefined {
  const g = f.goods;
  if (g === undefined || g.length === 0) return undefined;
  let s = 0;
  for (const it of g) s += it[key] ?? 0;
  return s;
}

interface Timing {
  wall: number;
  cpu: number;
}

interface Profile {
  text: string;
  hand: (h: Hand) => boolean;
}
type Template = (v: number) => Profile;

const HS4 = ['0901', '2710', '8703', '4012', '2932', '2914', '2402', '3004', '8471', '0306', '7208', '9503'];
const WORDS = ['spare', 'parts', 'samples', 'general cargo', 'chemical', 'used', 'coffee', 'toys', 'oil', 'rice'];

const TEMPLATES: Template[] = [
  (v) => {
    const hs = HS4[v % HS4.length] as string;
    const d = 30 + v * 20;
    return {
      text: `route.transshipment in list("high-risk-ports") and goods.hs startsWith "${hs}" and consignee.firstSeenDays < ${d}`,
      hand: (h) => anyIn(h.f.route?.transshipment, SET('high-risk-ports')) && hsAny(h.f, hs) && (h.f.consignee?.firstSeenDays as number) < d,
    };
  },
  (v) => {
    const cs = [COUNTRIES[v % COUNTRIES.length] as string, COUNTRIES[(v + 5) % COUNTRIES.length] as string];
    const set = new Set(cs);
    return {
      text: `origin.country in ["${cs[0]}", "${cs[1]}"] and goods.hs startsWith list("precursor-hs")`,
      hand: (h) => set.has(h.f.origin?.country as string) && hsAnyOf(h.f, PRECURSORS),
    };
  },
  (v) => {
    const z = 2 + v * 0.2;
    const mode = v % 2 === 0 ? 'sea' : 'road';
    return { text: `mode = "${mode}" and indicators.weightPerPackageZ > ${z}`, hand: (h) => h.f.mode === mode && (h.f.indicators?.weightPerPackageZ as number) > z };
  },
  (v) => {
    const hs2 = (HS4[v % HS4.length] as string).slice(0, 2);
    const port = DISCHARGE[v % DISCHARGE.length] as string;
    return {
      text: `count(goods.hs startsWith "${hs2}") >= 2 and route.discharge = "${port}"`,
      hand: (h) => {
        let c = 0;
        for (const it of h.f.goods ?? []) if ((it.hs ?? '').startsWith(hs2)) c++;
        return c >= 2 && h.f.route?.discharge === port;
      },
    };
  },
  (v) => {
    const hs2 = ['27', '87', '09', '29', '40'][v % 5] as string;
    return {
      text: `all(goods.hs startsWith "${hs2}") and route.countries in list("sanctioned-countries")`,
      hand: (h) => {
        const g = h.f.goods ?? [];
        if (g.length === 0) return false;
        for (const it of g) if (!(it.hs ?? '').startsWith(hs2)) return false;
        return anyIn(h.countries, SANCTIONED);
      },
    };
  },
  (v) => {
    const w = WORDS[v % WORDS.length] as string;
    return {
      text: `indicators.vagueDescription and goods.description contains "${w}"`,
      hand: (h) => h.f.indicators?.vagueDescription === true && h.descs.some((d) => d.includes(w)),
    };
  },
  (v) => {
    const pats = ['^(used|old) (tyres|tires)', 'spare\\s+parts', '^general cargo$', 't-shirts?', '\\bcoffee\\b', 'cars?$', '^fresh', 'oil', 'steel coils?', 'chemicals?'];
    const p = pats[v % pats.length] as string;
    const re = new RegExp(p, 'i');
    return { text: `goods.description matches "${p.replace(/\\/g, '\\\\')}"`, hand: (h) => h.descs.some((d) => re.test(d)) };
  },
  (v) => {
    const d = 10 + v * 15;
    return {
      text: `consignee.name contains "trading" and indicators.newPair and pair.firstSeenDays < ${d}`,
      hand: (h) => h.consigneeName.includes('trading') && h.f.indicators?.newPair === true && (h.f.pair?.firstSeenDays as number) < d,
    };
  },
  (v) => {
    const s = 32 + v;
    return {
      text: `dataQuality.score < ${s} or dataQuality.flags in ["missing-hs", "weight-mismatch"]`,
      hand: (h) => (h.f.dataQuality?.score as number) < s || (h.f.dataQuality?.flags ?? []).some((x) => x === 'missing-hs' || x === 'weight-mismatch'),
    };
  },
  (v) => {
    const a = 1000 + v * 500;
    const b = a + 4000;
    const m = 5000 + v * 1000;
    return {
      text: `goods.totalValue between ${a} and ${b} and goods.totalGrossMassKg > ${m}`,
      hand: (h) => {
        const t = totalOf(h.f, 'value');
        return t !== undefined && t >= a && t <= b && (totalOf(h.f, 'grossMassKg') as number) > m;
      },
    };
  },
  (v) => {
    const port = DISCHARGE[v % DISCHARGE.length] as string;
    return {
      text: `mode = "sea" and vessel.imo is missing and route.discharge = "${port}"`,
      hand: (h) => h.f.mode === 'sea' && h.f.vessel?.imo === undefined && h.f.route?.discharge === port,
    };
  },
  (v) => {
    const p1 = LOADING[v % LOADING.length] as string;
    return {
      text: `route.loading = "${p1}" and origin.country != shipper.country`,
      hand: (h) => h.f.route?.loading === p1 && h.f.origin?.country !== undefined && h.f.shipper?.country !== undefined && h.f.origin.country !== h.f.shipper.country,
    };
  },
  (v) => {
    const mode = ['sea', 'air', 'road'][v % 3] as string;
    return {
      text: `(indicators.linkedToSeizure or indicators.linkedToWarning) and mode = "${mode}"`,
      hand: (h) => (h.f.indicators?.linkedToSeizure === true || h.f.indicators?.linkedToWarning === true) && h.f.mode === mode,
    };
  },
  (v) => {
    const n = v % 4;
    return {
      text: `carrier.code in list("watch-carriers") and container.count = ${n}`,
      hand: (h) => SET('watch-carriers').has(h.f.carrier?.code as string) && h.f.container?.count === n,
    };
  },
  (v) => {
    const hs = HS4[v % HS4.length] as string;
    const val = 500 + v * 300;
    return {
      text: `any(goods.hs startsWith "${hs}" and goods.value < ${val})`,
      hand: (h) => (h.f.goods ?? []).some((it) => (it.hs ?? '').startsWith(hs) && (it.value as number) < val),
    };
  },
  (v) => {
    const k = 1 + (v % 3);
    return {
      text: `indicators.routeThroughListedCountries >= ${k} and indicators.newConsignee`,
      hand: (h) => (h.f.indicators?.routeThroughListedCountries as number) >= k && h.f.indicators?.newConsignee === true,
    };
  },
  (v) => {
    const w = ['used', 'fresh', 'frozen', 'white', 'cotton', 'old', 'men', 'notebook', 'base', 'plastic'][v % 10] as string;
    return {
      text: `goods.description endsWith "samples" or goods.description startsWith "${w}"`,
      hand: (h) => h.descs.some((d) => d.endsWith('samples')) || h.descs.some((d) => d.startsWith(w)),
    };
  },
  (v) => {
    const month = String(1 + (v % 12)).padStart(2, '0');
    const d = 20 + v * 10;
    return {
      text: `document.date < "2024-${month}-01" and document.type = "BL" and consignee.firstSeenDays < ${d}`,
      hand: (h) => (h.f.document?.date as string) < `2024-${month}-01` && h.f.document?.type === 'BL' && (h.f.consignee?.firstSeenDays as number) < d,
    };
  },
  (v) => {
    const c = COUNTRIES[v % COUNTRIES.length] as string;
    return {
      text: `shipper.name in list("watch-shippers") or (shipper.country = "${c}" and indicators.newShipper)`,
      hand: (h) => SET('watch-shippers').has(h.f.shipper?.name as string) || (h.f.shipper?.country === c && h.f.indicators?.newShipper === true),
    };
  },
  (v) => {
    const hs = HS4[v % HS4.length] as string;
    const z = -1.5 - v * 0.1;
    return {
      text: `not (route.countries in ["CN", "SG"]) and goods.hs startsWith "${hs}" and indicators.valuePerKgZ < ${z}`,
      hand: (h) => !anyIn(h.countries, CN_SG) && hsAny(h.f, hs) && (h.f.indicators?.valuePerKgZ as number) < z,
    };
  },
];

export function profiles(n: number): Profile[] {
  const out: Profile[] = [];
  for (let k = 0; k < n; k++) out.push((TEMPLATES[k % TEMPLATES.length] as Template)(Math.floor(k / TEMPLATES.length)));
  return out;
}

// ---------------------------------------------------------------------------
// Run

function main(): void {
  const prepare = prepareFacts; // module-local (imported bindings are getters under tsx)
  const ps = profiles(PROFILES);
  const t0 = performance.now();
  const rules: CompiledRule[] = ps.map((p) => {
    const r = compileRule(p.text, { lists: LISTS });
    if (!r.ok) throw new Error(`profile does not compile: ${p.text}\n${JSON.stringify(r.errors)}`);
    return r.rule;
  });
  const compileMs = performance.now() - t0;
  const hand = ps.map((p) => p.hand);
  const hitsRule = new Array<number>(ps.length).fill(0);
  const hitsHand = new Array<number>(ps.length).fill(0);
  const hitsSet = new Array<number>(ps.length).fill(0);
  const set = createRuleSet(rules);
  const out = new Uint8Array(rules.length);

  // CPU time of this process (the machine may be shared), and wall time.
  const measure = (fn: () => void): Timing => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };
  const runRules = (batch: readonly ConsignmentFacts[], hits: number[]): Timing =>
    measure(() => {
      for (let c = 0; c < batch.length; c++) {
        const p = prepare(batch[c] as ConsignmentFacts);
        for (let k = 0; k < rules.length; k++) if ((rules[k] as CompiledRule).evaluate(p)) hits[k]!++;
      }
    });
  const runSet = (batch: readonly ConsignmentFacts[], hits: number[]): Timing =>
    measure(() => {
      for (let c = 0; c < batch.length; c++) {
        if (set.evaluateInto(batch[c] as ConsignmentFacts, out) === 0) continue;
        for (let k = 0; k < out.length; k++) hits[k]! += out[k] as number;
      }
    });
  const runHand = (batch: readonly ConsignmentFacts[], hits: number[]): Timing =>
    measure(() => {
      for (let c = 0; c < batch.length; c++) {
        const h = handPrepare(batch[c] as ConsignmentFacts);
        for (let k = 0; k < hand.length; k++) if ((hand[k] as (h: Hand) => boolean)(h)) hits[k]!++;
      }
    });

  // warm-up (not counted)
  const warm = Array.from({ length: 20_000 }, (_, i) => consignment(-1 - i));
  runRules(warm, new Array<number>(ps.length).fill(0));
  runSet(warm, new Array<number>(ps.length).fill(0));
  runHand(warm, new Array<number>(ps.length).fill(0));

  const tRules: Timing = { wall: 0, cpu: 0 };
  const tHand: Timing = { wall: 0, cpu: 0 };
  const tSet: Timing = { wall: 0, cpu: 0 };
  const add = (acc: Timing, t: Timing): void => {
    acc.wall += t.wall;
    acc.cpu += t.cpu;
  };
  let done = 0;
  let chunkNo = 0;
  while (done < COUNT) {
    const n = Math.min(CHUNK, COUNT - done);
    const batch = Array.from({ length: n }, (_, i) => consignment(done + i));
    // alternate the order so that neither side always runs on a warmer cache / heap
    const runs = [
      () => add(tRules, runRules(batch, hitsRule)),
      () => add(tSet, runSet(batch, hitsSet)),
      () => add(tHand, runHand(batch, hitsHand)),
    ];
    const shift = chunkNo++ % runs.length;
    for (let r = 0; r < runs.length; r++) (runs[(r + shift) % runs.length] as () => void)();
    done += n;
  }

  const mismatches = ps
    .map((p, k) => ({ p, a: hitsRule[k] ?? 0, b: hitsHand[k] ?? 0, c: hitsSet[k] ?? 0 }))
    .filter((x) => x.a !== x.b || x.a !== x.c);
  const totalHits = hitsRule.reduce((a, b) => a + b, 0);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  const line = (label: string, t: Timing): number => {
    const rate = COUNT / (t.cpu / 1000);
    console.log(
      `  ${label.padEnd(24)} ${fmt(rate).padStart(9)} consignments/s  (${fmt(rate * ps.length)} rule evaluations/s; cpu ${(t.cpu / 1000).toFixed(2)} s, wall ${(t.wall / 1000).toFixed(2)} s)`,
    );
    return rate;
  };
  console.log(`rules bench: ${fmt(COUNT)} consignments × ${ps.length} profiles, node ${process.version}, one thread (rates per CPU-second)`);
  console.log(`  compile ${ps.length} profiles:     ${compileMs.toFixed(1)} ms`);
  const rateRules = line('compiled, rule by rule:', tRules);
  const rateSet = line('compiled, rule set:', tSet);
  const rateHand = line('hand-written baseline:', tHand);
  console.log(`  ratio rule-by-rule/hand:  ${(rateRules / rateHand).toFixed(2)}`);
  console.log(`  ratio rule-set/hand:      ${(rateSet / rateHand).toFixed(2)}`);
  const lazy = set.stats.indexes.filter((i) => i.lazy).length;
  console.log(
    `  rule set: ${set.stats.indexed} rules indexed on ${set.stats.indexes.length} fields, ${lazy} of them read lazily (${set.stats.indexes.map((i) => `${i.field} ${i.rules}${i.lazy ? ' lazy' : ''}`).join(', ')}), ${set.stats.unindexed} always run`,
  );
  console.log(`  hits: ${fmt(totalHits)} (${((100 * totalHits) / (COUNT * ps.length)).toFixed(3)}% of evaluations); profiles with no hit: ${hitsRule.filter((h) => h === 0).length}`);
  if (mismatches.length > 0) {
    console.error(`  MISMATCH on ${mismatches.length} profiles:`);
    for (const m of mismatches.slice(0, 10)) console.error(`    compiled ${m.a}, rule set ${m.c}, hand ${m.b}: ${m.p.text}`);
    process.exitCode = 1;
  } else {
    console.log('  rule by rule, rule set and hand-written agree on every profile\u2019s hit count');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
