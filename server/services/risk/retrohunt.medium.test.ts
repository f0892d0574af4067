/**
 * Retro-hunt by name through the word index (name_tokens + the party_name_tokens dictionary): across scripts,
 * typos, vowel spellings, joined/split words and missing words it proposes every stored party the name matcher
 * accepts, and the backfill in SQL writes what the import writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { rows, type Store } from '../../db/client.ts';
import { consignmentParties, consignments, units, watchlistEntries, watchlists } from '../../db/schema.ts';
import { importConsignments } from '../intake/import.service.ts';
import { searchKey } from '../intake/consignment-rows.ts';
import { backfillPartyTokens, partyTokens } from '../intake/party-tokens.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import type { Consignment } from '../../engine/intake/model.ts';
import { compareNames, DEFAULT_THRESHOLD } from '../../engine/matching/index.ts';
import { retroHunt } from './retrohunt.ts';
import { testStore } from '../../../test/db.ts';

let store: Store;
let listId: string;
/** Stored party name → its consignment id. */
const stored = new Map<string, string>();

const PARTIES = [
  'Kaspiy Logistik LLC',
  'KASPIY LOGISTIC 421 LLP',
  'Kaspiy Logistik 17',
  'Silk Road Трейд 17',
  'Blacksea Shipping Ltd',
  'Black Sea Shipping Co',
  'Ivan Petrov',
  'Иван Иванович Петров',
  'Mohammad Reza Karimi',
  'Orient Textile Group',
  'Pamir Agro',
  'Petrova Olga',
];

function consignment(i: number, name: string): Consignment {
  return {
    documentType: 'BL_MASTER',
    documentNumber: `RHWORD${String(i).padStart(4, '0')}`,
    mode: 'sea',
    placeOfLoading: 'AZBAK',
    placeOfDischarge: 'KZAKT',
    transshipments: [],
    parties: [{ role: 'consignee', name, addressLines: ['1 Port Road'], country: 'KZ', identifiers: [] }],
    goodsItems: [{ seq: 1, hsCode: '850440', description: 'POWER SUPPLIES', packageCount: 10, packageType: 'CT', grossMassKg: 500, containerNumbers: [] }],
    equipment: [],
  };
}

beforeAll(async () => {
  store = await testStore();
  const [aktau] = await store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, 'KZ-AAU-PCU'));
  const cs = PARTIES.map((name, i) => consignment(i, name));
  const summary = await importConsignments(store.db, { unit: aktau!, format: 'json', source: cs.map((c) => `${JSON.stringify(c)}\n`), fileName: 'retro-words.jsonl', ctx: SYSTEM_CONTEXT });
  expect(summary.consignments.accepted).toBe(PARTIES.length);
  const ids = await store.db
    .select({ id: consignments.id, doc: consignments.documentNumber })
    .from(consignments)
    .where(inArray(consignments.documentNumber, cs.map((c) => c.documentNumber)));
  const byDoc = new Map(ids.map((r) => [r.doc, r.id]));
  PARTIES.forEach((name, i) => stored.set(name, byDoc.get(cs[i]!.documentNumber)!));
  const [wl] = await store.db.insert(watchlists).values({ name: `Retro words ${Date.now()}`, kind: 'entities', ownerScope: 'network', weight: 70, lane: 'red' }).returning();
  listId = wl!.id;
});
afterAll(async () => {
  await store.db.delete(watchlists).where(eq(watchlists.id, listId));
  await store.close();
});

async function hunt(name: string): Promise<Set<string>> {
  const [e] = await store.db.insert(watchlistEntries).values({ watchlistId: listId, schema: 'Company', names: [name], countries: [], identifiers: [] }).returning();
  const result = await retroHunt(store.db, [e!.id], 36500);
  const ours = new Set(stored.values());
  return new Set(result.candidateIds.filter((id) => ours.has(id)));
}

/** The stored parties the name matcher accepts for this name: what the index must propose, no fewer. */
const accepted = (name: string): string[] => PARTIES.filter((p) => compareNames(name, p).score >= DEFAULT_THRESHOLD);

describe('retro-hunt by name words', () => {
  it.each([
    ['Каспий Логистик ТОО', ['Kaspiy Logistik LLC']], // Cyrillic, legal forms differ
    ['Kaspij Logistic 421', ['KASPIY LOGISTIC 421 LLP', 'Kaspiy Logistik LLC']], // typos; a party without a number
    ['Silk Road Trade 17', ['Silk Road Трейд 17']], // vowels differ (transliteration)
    ['Black Sea Shipping', ['Blacksea Shipping Ltd', 'Black Sea Shipping Co']], // written as one word
    ['Blacksea Shipping', ['Blacksea Shipping Ltd', 'Black Sea Shipping Co']], // written as two
    ['Ivan Ivanovich Petrov', ['Ivan Petrov', 'Иван Иванович Петров']], // a missing middle name, Cyrillic
    ['Muhammad Reza Karimi', ['Mohammad Reza Karimi']],
  ])('%s finds what the matcher accepts', async (name, expected) => {
    // The fixture is meaningful only if the matcher accepts these.
    expect(accepted(name)).toEqual(expect.arrayContaining(expected));
    const found = await hunt(name);
    expect([...found].sort()).toEqual(accepted(name).map((p) => stored.get(p)!).sort());
  });

  it('finds nothing for a name no party carries', async () => {
    expect((await hunt('Zarafshon Minerals Export')).size).toBe(0);
  });

  it('the import fills name_tokens and the word dictionary; the SQL backfill writes the same tokens', async () => {
    const id = stored.get('Иван Иванович Петров')!;
    const [p] = await store.db.select({ nameKey: consignmentParties.nameKey, tokens: consignmentParties.nameTokens }).from(consignmentParties).where(eq(consignmentParties.consignmentId, id));
    expect(p!.tokens.sort()).toEqual(partyTokens(searchKey('Иван Иванович Петров')).sort());
    expect(p!.tokens).toContain('#3');
    const dict = await rows<{ token: string }>(store.db, sql`SELECT token FROM party_name_tokens WHERE token IN ('ivan', 'ivanovic', 'petrov', 'blacksea')`);
    expect(dict.map((d) => d.token).sort()).toEqual(['blacksea', 'ivan', 'ivanovic', 'petrov']);

    // Rows written without tokens (before the migration, or by hand) get the same from the backfill.
    const names = ['ТОО "Алтын Агро" 12', 'Silk Road Treid LLC', 'Ltd'];
    await store.db.insert(consignmentParties).values(names.map((name) => ({ consignmentId: id, role: 'notify', name, nameKey: searchKey(name), identifiers: [] })));
    await backfillPartyTokens(store.db);
    const filled = await store.db.select({ name: consignmentParties.name, tokens: consignmentParties.nameTokens }).from(consignmentParties).where(inArray(consignmentParties.name, names));
    expect(filled).toHaveLength(3);
    for (const f of filled) expect(f.tokens.sort(), f.name).toEqual(partyTokens(searchKey(f.name)).sort());
    await store.db.delete(consignmentParties).where(inArray(consignmentParties.name, names));
  });
});
