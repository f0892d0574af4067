/**
 * Demo seizures: 30 records over the last twelve months across the IREN countries — heroin and opium from
 * Afghanistan through the Pakistani ports, cannabis resin, methamphetamine, captagon, acetic anhydride,
 * cigarettes, counterfeit goods, CITES wildlife, weapons and ammunition. A few are linked to the demo warnings
 * (so they count as made on shared information) and some belong to the demo operation. Deterministic: the days
 * come from `today`, everything else is fixed. Links are skipped when the demo warning or operation is absent.
 */
import { eq, like } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { operations, users, warnings, type Distribution, type Tlp } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { createSeizure, type SeizureInput } from '../services/results/seizures.service.ts';
import { DEMO_OPERATION_CODE } from './demo-operations.ts';

type Item = [commodity: string, quantity: number, unit: string, description?: string];

export interface DemoSeizure {
  ref: string;
  officer: string;
  daysAgo: number;
  place: string;
  mode: string;
  route: [origin: string, transit: string[], destination: string] | null;
  concealment: string | null;
  detection: string;
  items: Item[];
  value?: [number, string];
  tlp?: Tlp;
  distribution?: Distribution;
  named?: string[];
  form?: 'minimal' | 'full';
  summary?: string;
  container?: string;
  persons?: SeizureInput['persons'];
  /** Subject prefix of the demo warning that led to it. */
  warning?: string;
  /** In the demo operation (shared with its group). */
  operation?: boolean;
}

export const DEMO_SEIZURES: DemoSeizure[] = [
  { ref: 'PK-KHI-D01', officer: 'pk.officer', daysAgo: 350, place: 'PKKHI', mode: 'sea', route: ['AF', ['PKKHI'], 'AE'], concealment: 'in_goods', detection: 'scanner_image', items: [['heroin', 42.6, 'kg']], value: [1_280_000, 'USD'], form: 'full', summary: 'Heroin in bags of rock salt, container bound for Jebel Ali', container: 'TGHU1234567', tlp: 'GREEN', distribution: 'network' },
  { ref: 'PK-KHI-D02', officer: 'pk.officer', daysAgo: 331, place: 'PKKHI', mode: 'sea', route: ['AF', ['PKKHI'], 'NL'], concealment: 'false_wall', detection: 'risk_profile', items: [['heroin', 18, 'kg'], ['opium', 64, 'kg']], value: [950_000, 'USD'], form: 'full', summary: 'False front wall in a 20-foot container of talc', tlp: 'GREEN', distribution: 'network' },
  { ref: 'AF-HRT-D03', officer: 'af.officer', daysAgo: 318, place: 'AFHRT', mode: 'road', route: ['AF', [], 'UZ'], concealment: 'vehicle_compartment', detection: 'canine', items: [['opium', 120, 'kg']], tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'UZ-TER-D04', officer: 'uz.officer', daysAgo: 300, place: 'UZTER', mode: 'road', route: ['AF', ['UZTER'], 'KZ'], concealment: 'false_floor', detection: 'scanner_image', items: [['heroin', 9.8, 'kg']], value: [290_000, 'USD'], form: 'full', summary: 'Heroin under the floor of a truck loaded with dried apricots', tlp: 'GREEN', distribution: 'network' },
  { ref: 'UA-ODS-D05', officer: 'ua.officer', daysAgo: 290, place: 'UAODS', mode: 'sea', route: ['EC', ['TRIST'], 'UA'], concealment: 'rip_on_rip_off', detection: 'intelligence', items: [['cocaine', 71, 'kg']], value: [3_500_000, 'EUR'], form: 'full', summary: 'Rip-on/rip-off in a reefer of bananas', container: 'MSKU7654328', tlp: 'AMBER', distribution: 'named', named: ['GE'] },
  { ref: 'GE-PTI-D06', officer: 'ge.officer', daysAgo: 276, place: 'GEPTI', mode: 'sea', route: ['CN', ['TRIST'], 'GE'], concealment: 'mixed_with_goods', detection: 'documentary_check', items: [['counterfeit', 14_500, 'pieces', 'Trainers with a protected trade mark']], value: [210_000, 'USD'], tlp: 'GREEN', distribution: 'network' },
  { ref: 'KZ-AAU-D07', officer: 'kz.officer', daysAgo: 262, place: 'KZAAU', mode: 'sea', route: ['IR', ['TMKRW'], 'KZ'], concealment: 'in_goods', detection: 'scanner_image', items: [['methamphetamine', 14.2, 'kg']], value: [420_000, 'USD'], tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'TJ-DYU-D08', officer: 'tj.officer', daysAgo: 249, place: 'TJDYU', mode: 'air', route: ['TJ', [], 'RU'], concealment: 'baggage', detection: 'canine', items: [['cannabis_resin', 6.4, 'kg']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'AZ-ALA-D09', officer: 'az.officer', daysAgo: 236, place: 'AZALA', mode: 'sea', route: ['IR', [], 'AZ'], concealment: 'refrigeration_unit', detection: 'risk_profile', items: [['heroin', 22, 'kg']], value: [660_000, 'USD'], form: 'full', summary: 'Heroin in the refrigeration unit of a reefer trailer', tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'KG-FRU-D10', officer: 'kg.officer', daysAgo: 222, place: 'KGFRU', mode: 'air', route: ['KG', [], 'TR'], concealment: 'postal_item', detection: 'scanner_image', items: [['nps', 1.3, 'kg', 'Synthetic cathinone (alpha-PVP)']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'UA-ILK-D11', officer: 'ua.officer', daysAgo: 210, place: 'UAILK', mode: 'sea', route: ['AE', [], 'UA'], concealment: 'in_goods', detection: 'risk_profile', items: [['cigarettes', 8_000_000, 'sticks']], value: [1_100_000, 'USD'], form: 'full', summary: 'Cigarettes declared as ceramic tiles', tlp: 'GREEN', distribution: 'network' },
  { ref: 'PK-BQM-D12', officer: 'pk.officer', daysAgo: 198, place: 'PKBQM', mode: 'sea', route: ['PK', [], 'AF'], concealment: 'mixed_with_goods', detection: 'intelligence', items: [['acetic_anhydride', 4_800, 'l']], value: [95_000, 'USD'], form: 'full', summary: 'Acetic anhydride declared as industrial solvent', tlp: 'AMBER', distribution: 'named', named: ['AF', 'TJ'] },
  { ref: 'GE-BUS-D13', officer: 'ge.officer', daysAgo: 186, place: 'GEBUS', mode: 'sea', route: ['SY', ['TRMER'], 'GE'], concealment: 'in_goods', detection: 'canine', items: [['captagon', 350_000, 'tablets']], value: [1_750_000, 'USD'], tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'UZ-TAS-D14', officer: 'uz.officer', daysAgo: 174, place: 'UZTAS', mode: 'rail', route: ['CN', ['KZHOR'], 'UZ'], concealment: 'mixed_with_goods', detection: 'documentary_check', items: [['counterfeit', 2_300, 'pieces', 'Mobile phone chargers without certification marks']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'KZ-ALA-D15', officer: 'kz.officer', daysAgo: 160, place: 'KZALA', mode: 'air', route: ['KZ', [], 'AE'], concealment: 'baggage', detection: 'scanner_image', items: [['cites_wildlife', 38, 'pieces', 'Saiga antelope horns']], value: [60_000, 'USD'], tlp: 'GREEN', distribution: 'network' },
  { ref: 'TM-KRW-D16', officer: 'tm.officer', daysAgo: 148, place: 'TMKRW', mode: 'sea', route: ['AF', ['TMKRW'], 'AZ'], concealment: 'false_floor', detection: 'random', items: [['opium', 35, 'kg']], tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'AF-KBL-D17', officer: 'af.officer', daysAgo: 137, place: 'AFKBL', mode: 'air', route: ['AF', [], 'IN'], concealment: 'on_body', detection: 'canine', items: [['heroin', 1.1, 'kg']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'UA-ODS-D18', officer: 'ua.officer', daysAgo: 125, place: 'UAODS', mode: 'sea', route: ['TR', [], 'UA'], concealment: 'container_structure', detection: 'scanner_image', items: [['weapons', 24, 'pieces'], ['ammunition', 12_000, 'rounds']], form: 'full', summary: 'Pistols and cartridges in the cross-members of a container floor', value: [85_000, 'USD'], tlp: 'AMBER', distribution: 'named', named: ['GE', 'AZ'] },
  { ref: 'GE-TBS-D19', officer: 'ge.officer', daysAgo: 113, place: 'GETBS', mode: 'air', route: ['IN', [], 'GE'], concealment: 'postal_item', detection: 'risk_profile', items: [['synthetic_opioids', 42_000, 'tablets', 'Tramadol 225 mg']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'KZ-HOR-D20', officer: 'kz.officer', daysAgo: 101, place: 'KZHOR', mode: 'road', route: ['CN', [], 'KZ'], concealment: 'in_goods', detection: 'documentary_check', items: [['ods', 2_400, 'kg', 'HCFC-22 refrigerant cylinders']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'PK-KHI-D21', officer: 'pk.officer', daysAgo: 90, place: 'PKKHI', mode: 'sea', route: ['AF', ['PKKHI'], 'GB'], concealment: 'false_wall', detection: 'scanner_image', items: [['heroin', 31.5, 'kg']], value: [940_000, 'USD'], form: 'full', summary: 'Heroin behind a welded false wall', tlp: 'AMBER', distribution: 'own_country' },
  { ref: 'AZ-BAK-D22', officer: 'az.officer', daysAgo: 79, place: 'AZBAK', mode: 'air', route: ['AE', [], 'AZ'], concealment: 'baggage', detection: 'random', items: [['currency', 480_000, 'amount']], value: [480_000, 'USD'], tlp: 'GREEN', distribution: 'own_country' },
  { ref: 'TJ-DYU-D23', officer: 'tj.officer', daysAgo: 0, place: 'TJDYU', mode: 'road', route: ['PK', ['AF'], 'TJ'], concealment: 'mixed_with_goods', detection: 'partner_warning', items: [['acetic_anhydride', 1_200, 'l']], form: 'full', summary: 'Acetic anhydride held at the border on the Karachi warning', value: [24_000, 'USD'], tlp: 'AMBER', distribution: 'named', named: ['PK'], warning: 'Acetic anhydride declared as industrial solvent' },
  { ref: 'UZ-TER-D24', officer: 'uz.officer', daysAgo: 55, place: 'UZTER', mode: 'rail', route: ['AF', [], 'UZ'], concealment: 'in_goods', detection: 'scanner_image', items: [['cannabis_resin', 88, 'kg']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'KG-FRU-D25', officer: 'kg.officer', daysAgo: 46, place: 'KGFRU', mode: 'air', route: ['KG', [], 'DE'], concealment: 'mixed_with_goods', detection: 'intelligence', items: [['cultural_goods', 4, 'pieces', 'Bronze-age artefacts without export permit']], tlp: 'GREEN', distribution: 'network' },
  { ref: 'KZ-AAU-D26', officer: 'kz.officer', daysAgo: 0, place: 'KZAAU', mode: 'sea', route: ['AF', ['GEPTI'], 'KZ'], concealment: 'false_floor', detection: 'partner_warning', items: [['heroin', 23.4, 'kg']], value: [700_000, 'USD'], form: 'full', summary: 'Heroin in a false floor, found on the Poti warning', tlp: 'GREEN', distribution: 'network', warning: 'Suspected heroin in container', persons: [{ kind: 'person', name: 'Yerlan Abenov', role: 'consignee representative', country: 'KZ' }] },
  { ref: 'AZ-ALA-D27', officer: 'az.officer', daysAgo: 0, place: 'AZALA', mode: 'sea', route: ['KZ', [], 'AZ'], concealment: 'false_floor', detection: 'partner_warning', items: [['methamphetamine', 9.6, 'kg']], form: 'full', summary: 'Methamphetamine in the floor of a Ro-Ro semi-trailer from Aktau', value: [290_000, 'USD'], tlp: 'AMBER', distribution: 'group', warning: 'Methamphetamine in trailer flooring', operation: true },
  { ref: 'KZ-AAU-D28', officer: 'kz.officer', daysAgo: 4, place: 'KZAAU', mode: 'sea', route: ['IR', [], 'KZ'], concealment: 'vehicle_compartment', detection: 'risk_profile', items: [['methamphetamine', 14, 'kg']], form: 'full', summary: 'Methamphetamine in a Ro-Ro trailer, operation profile hit', value: [420_000, 'USD'], tlp: 'AMBER', distribution: 'group', operation: true },
  { ref: 'TM-KRW-D29', officer: 'tm.officer', daysAgo: 9, place: 'TMKRW', mode: 'sea', route: ['AF', [], 'AZ'], concealment: 'in_goods', detection: 'canine', items: [['heroin', 6.2, 'kg']], tlp: 'GREEN', distribution: 'group', operation: true },
  { ref: 'GE-PTI-D30', officer: 'ge.officer', daysAgo: 2, place: 'GEPTI', mode: 'sea', route: ['EC', ['ESALG'], 'GE'], concealment: 'other', detection: 'random', items: [['other', 120, 'kg']], tlp: 'GREEN', distribution: 'network' },
];

const day = (today: Date, offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoSeizures(db: Db, ctx: AuditContext, today = new Date()): Promise<{ seizures: number; onSharedInformation: number }> {
  const [op] = await db.select({ id: operations.id, groupId: operations.groupId }).from(operations).where(eq(operations.code, DEMO_OPERATION_CODE));
  const actors = new Map<string, ReturnType<typeof actorOf>>();
  let shared = 0;
  let count = 0;
  for (const s of DEMO_SEIZURES) {
    let actor = actors.get(s.officer);
    if (!actor) {
      const [u] = await db.select().from(users).where(eq(users.username, s.officer));
      if (!u) continue;
      actor = actorOf(u);
      actors.set(s.officer, actor);
    }
    const [w] = s.warning ? await db.select({ id: warnings.id }).from(warnings).where(like(warnings.subject, `${s.warning}%`)).limit(1) : [];
    const row = await createSeizure(db, actor, ctx, demoSeizureInput(s, today, { warningId: w?.id ?? null, operation: op ?? null }));
    count++;
    if (row.onSharedInformation) shared++;
  }
  return { seizures: count, onSharedInformation: shared };
}

/** The service input of a demo seizure; without the demo operation its group seizures stay in the own country. */
export function demoSeizureInput(s: DemoSeizure, today: Date, links: { warningId: string | null; operation: { id: string; groupId: string } | null }): SeizureInput {
  const op = s.operation ? links.operation : null;
  let distribution = s.distribution ?? 'own_country';
  if (distribution === 'group' && !op) distribution = 'own_country';
  return {
    reference: s.ref,
    form: s.form ?? 'minimal',
    seizureDate: day(today, -s.daysAgo),
    placeLocode: s.place,
    transportMode: s.mode,
    routeOrigin: s.route?.[0] ?? null,
    routeTransit: s.route?.[1] ?? [],
    routeDestination: s.route?.[2] ?? null,
    concealment: s.concealment,
    detectionMethod: s.detection,
    items: s.items.map(([commodity, quantity, unit, description]) => ({ commodity, quantity, unit, ...(description ? { description } : {}) })),
    estimatedValue: s.value?.[0] ?? null,
    currency: s.value?.[1] ?? null,
    summary: s.summary ?? '',
    containerNumber: s.container ?? null,
    persons: s.persons,
    warningIds: links.warningId ? [links.warningId] : [],
    operationId: op?.id ?? null,
    tlp: s.tlp ?? 'GREEN',
    distribution,
    groupId: distribution === 'group' ? (op?.groupId ?? null) : null,
    namedCountries: distribution === 'named' ? (s.named ?? []) : [],
  };
}
