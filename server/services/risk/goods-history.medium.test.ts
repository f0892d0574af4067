/** Value per kg / mass per package against the HS heading's history: SQL facts, the demo profile and its reason. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { consignments, riskAssessments, units } from '../../db/schema.ts';
import { importConsignments } from '../intake/import.service.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import type { Consignment } from '../../engine/intake/model.ts';
import { buildFacts } from './facts.ts';
import { goodsHistory } from './goods-history.ts';
import { testStore } from '../../../test/db.ts';

let store: Store;
let turkmenbashi: { id: string; country: string };

beforeAll(async () => {
  store = await testStore();
  const [u] = await store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, 'TM-KRW-PCU'));
  turkmenbashi = u!;
});
afterAll(async () => {
  await store.close();
});

/** A toy consignment (HS 9503, a heading the demo cargo does not use) with one goods item. */
function toys(n: number, item: { kg: number; packages: number; value: number; currency?: string; packageType?: string }): Consignment {
  return {
    documentType: 'BL_MASTER',
    documentNumber: `TOYHIST${String(n).padStart(5, '0')}`,
    mode: 'sea',
    placeOfLoading: 'AZBAK',
    placeOfDischarge: 'TMKRW',
    transshipments: [],
    parties: [{ role: 'consignee', name: `Toy Trader ${n}`, addressLines: ['1 Main Street'], country: 'TM', identifiers: [] }],
    goodsItems: [
      { seq: 1, hsCode: '950300', description: 'PLASTIC TOYS', packageCount: item.packages, packageType: item.packageType ?? 'CT', grossMassKg: item.kg, value: item.value, currency: item.currency ?? 'USD', containerNumbers: [] },
    ],
    equipment: [],
  };
}

async function load(cs: Consignment[]): Promise<string[]> {
  await importConsignments(store.db, { unit: turkmenbashi, format: 'json', source: cs.map((c) => `${JSON.stringify(c)}\n`), fileName: 'toys.jsonl', ctx: SYSTEM_CONTEXT });
  const stored = await store.db.select({ id: consignments.id, doc: consignments.documentNumber }).from(consignments).where(inArray(consignments.documentNumber, cs.map((c) => c.documentNumber)));
  const byDoc = new Map(stored.map((r) => [r.doc, r.id]));
  return cs.map((c) => byDoc.get(c.documentNumber)!);
}

describe('goods history', () => {
  it('compares value per kg within heading and currency, and kg per package within package type, once enough history exists', async () => {
    // History: ten toy consignments at ~10 USD/kg and ~20 kg per carton.
    const history = Array.from({ length: 10 }, (_, i) => toys(i + 1, { kg: 2000 + 100 * i, packages: 100 + 9 * i, value: (2000 + 100 * i) * (9 + (i % 3)) }));
    await load(history);
    const cheap = toys(100, { kg: 5000, packages: 50, value: 5000 }); // 1 USD/kg, 100 kg per carton
    const euro = toys(101, { kg: 1000, packages: 50, value: 1000, currency: 'EUR' }); // no EUR history
    const pallets = toys(102, { kg: 1000, packages: 2, value: 10000, packageType: 'PX' }); // no pallet history
    const [cheapId, euroId, palletsId] = await load([cheap, euro, pallets]);

    const compared = await goodsHistory(store.db, [cheapId!, euroId!, palletsId!]);
    const c = compared.get(cheapId!)!.get(1)!;
    expect(c.valuePerKg).toBe(1);
    expect(c.valuePerKgMedian).toBeCloseTo(10, 0);
    expect(c.valuePerKgRatio).toBeLessThan(0.12);
    expect(c.valuePerKgOutlier).toBe(true);
    expect(c.valuePerKgZ).toBeLessThan(-3.5);
    expect(c.historyCount).toBe(12); // the ten, itself and the USD pallets (same heading and currency)
    expect(c.massPerPackage).toBe(100);
    expect(c.massPerPackageRatio).toBeGreaterThan(4);
    expect(c.massPerPackageZ).toBeGreaterThan(3.5);

    const e = compared.get(euroId!)!.get(1)!;
    expect(e.valuePerKg).toBe(1);
    expect(e.valuePerKgRatio).toBeUndefined();
    expect(e.massPerPackageRatio).toBeGreaterThan(0); // carton history exists
    const p = compared.get(palletsId!)!.get(1)!;
    expect(p.valuePerKgRatio).toBeCloseTo(1, 0);
    expect(p.valuePerKgOutlier).toBe(false);
    expect(p.massPerPackageRatio).toBeUndefined();

    // The same numbers reach the rule facts, with the consignment-level indicators.
    const facts = await buildFacts(store.db, [cheapId!]);
    const f = facts.get(cheapId!)!.facts;
    expect(f.goods?.[0]).toMatchObject({ valuePerKgRatio: c.valuePerKgRatio, massPerPackageRatio: c.massPerPackageRatio, valuePerKgOutlier: true });
    expect(f.indicators).toMatchObject({ valuePerKgZ: c.valuePerKgZ, weightPerPackageZ: c.massPerPackageZ });
  });

  it('needs at least 5 items of history: a thin heading gives no comparison', async () => {
    const few = [1, 2, 3].map((i) => ({ ...toys(200 + i, { kg: 100, packages: 10, value: 1000 }), goodsItems: [{ seq: 1, hsCode: '970600', description: 'ANTIQUES', packageCount: 10, packageType: 'CS', grossMassKg: 100, value: 1000 * i, currency: 'USD', containerNumbers: [] }] }));
    const ids = await load(few);
    const compared = await goodsHistory(store.db, ids);
    expect(compared.get(ids[0]!)!.get(1)).toEqual({ valuePerKg: 10, massPerPackage: 10 });
  });

  it('the demo undervaluation profile hits the seeded undervalued consignments, saying what was compared', async () => {
    const rowsOut = await store.db
      .select({ doc: consignments.documentNumber, reasons: riskAssessments.reasons })
      .from(consignments)
      .innerJoin(riskAssessments, eq(riskAssessments.consignmentId, consignments.id))
      .where(and(like(consignments.documentNumber, 'UVAL%'), eq(consignments.country, 'GE')));
    expect(rowsOut).toHaveLength(2);
    for (const r of rowsOut) {
      const hit = (r.reasons as { kind: string; name?: string; reason?: string; conditions?: string[] }[]).find((x) => x.kind === 'profile' && x.name === 'Undervaluation: value per kg below a fifth of the HS history');
      expect(hit, r.doc).toBeDefined();
      expect(hit!.reason).toContain('median value per kg of the same HS heading');
      expect(hit!.conditions?.[0]).toMatch(/^goods\.valuePerKgRatio < 0\.2 → 0\.0\d+/);
    }
  });
});
