import { describe, expect, it } from 'vitest';
import { compareNormalised, DEFAULT_THRESHOLD } from './compare.ts';
import { NameIndex } from './name-index.ts';
import { normaliseName, type NormalisedName } from './normalise.ts';
import { generateEntity, makeRng, makeVariant, type SyntheticEntity, type VariantKind } from './synthetic.ts';

function bruteForce(entities: Array<SyntheticEntity & { nn: NormalisedName }>, alive: Set<string>, query: string, schema: string | undefined) {
  const q = normaliseName(query, schema);
  const best = new Map<string, number>();
  for (const e of entities) {
    if (!alive.has(e.id)) continue;
    if (schema && e.schema !== schema) continue;
    const r = compareNormalised(q, e.nn, DEFAULT_THRESHOLD, undefined, false);
    if (r.score >= DEFAULT_THRESHOLD && r.score > (best.get(e.id) ?? -1)) best.set(e.id, r.score);
  }
  return best;
}

describe('NameIndex', () => {
  it('finds cross-script aliases, honours schema, limit and threshold', () => {
    const idx = new NameIndex();
    idx.add('p1', ['Rustam Akhmedov', 'Ахмедов Рустам Хасанович'], 'Person');
    idx.add('p2', ['Vladimir Putin'], 'Person');
    idx.add('c1', ['Kazakhstan Temir Zholy LLP'], 'Company');
    idx.add('p3', ['محمد رحیمی'], 'Person');
    idx.add('c2', ['Rustam Akhmedov LLC'], 'Company');
    expect(idx.size).toBe(5);
    expect(idx.nameCount).toBe(6);

    const hits = idx.search('Ахмедов Рустам', { schema: 'Person' });
    expect(hits.map((h) => h.id)).toEqual(['p1']);
    expect(hits[0]?.matchedName).toBe('Rustam Akhmedov');
    expect(idx.search('Ахмедов Рустам Хасанович')[0]?.matchedName).toBe('Ахмедов Рустам Хасанович');
    expect(hits[0]?.explanation.matches.length).toBeGreaterThan(0);

    expect(idx.search('ТОО Казахстан Темир Жолы', { schema: 'Company' })[0]?.id).toBe('c1');
    expect(idx.search('Mohammad Rahimi')[0]?.id).toBe('p3');
    expect(idx.search('Rustam Akhmedov').map((h) => h.id).sort()).toEqual(['c2', 'p1']);
    expect(idx.search('Rustam Akhmedov', { limit: 1 })).toHaveLength(1);
    expect(idx.search('Rustam Akhmedov', { schema: 'Company' }).map((h) => h.id)).toEqual(['c2']);
    expect(idx.search('Ruslan Akhmedov', { threshold: 0.95 })).toEqual([]);
    expect(idx.search('Nobody Atall')).toEqual([]);
  });

  it('supports incremental add, replace and remove', () => {
    const idx = new NameIndex();
    idx.add('a', ['Ivan Petrov'], 'Person');
    expect(idx.search('Ivan Petrov')[0]?.id).toBe('a');
    idx.add('a', ['Pyotr Ivanov'], 'Person'); // replaces
    expect(idx.search('Ivan Petrov')).toEqual([]);
    expect(idx.search('Petr Ivanov')[0]?.id).toBe('a');
    expect(idx.remove('a')).toBe(true);
    expect(idx.remove('a')).toBe(false);
    expect(idx.search('Pyotr Ivanov')).toEqual([]);
    expect(idx.size).toBe(0);
    idx.add('b', ['Pyotr Ivanov'], 'Person');
    expect(idx.search('Pyotr Ivanov')[0]?.id).toBe('b');
  });

  it('agrees with brute-force compareNames on a few thousand names (incl. after removals and compaction)', () => {
    const rng = makeRng(42);
    const entities = Array.from({ length: 3000 }, (_, i) => {
      const e = generateEntity(rng, `e${i}`);
      return { ...e, nn: normaliseName(e.name, e.schema) };
    });
    const idx = new NameIndex();
    const alive = new Set<string>();
    for (const e of entities) {
      idx.add(e.id, [e.name], e.schema);
      alive.add(e.id);
    }
    // remove a tenth, some of them before a compaction, some after
    for (let i = 0; i < entities.length; i += 10) {
      idx.remove(entities[i]!.id);
      alive.delete(entities[i]!.id);
      if (i === 1500) idx.compact();
    }
    const kinds: VariantKind[] = ['exact', 'translit', 'typo', 'reordered'];
    const qr = makeRng(7);
    let expected = 0;
    let found = 0;
    let planted = 0;
    let plantedFound = 0;
    for (let i = 0; i < 200; i++) {
      const e = entities[Math.floor(qr() * entities.length)]!;
      const query = makeVariant(qr, e, kinds[i % kinds.length]!);
      const schema = i % 3 === 0 ? undefined : e.schema;
      const hits = idx.search(query, { schema, limit: 1000 });
      const brute = bruteForce(entities, alive, query, schema);
      // everything the index returns is a true brute-force hit with the same score
      for (const h of hits) {
        expect(brute.get(h.id), `${query} → ${h.matchedName}`).toBe(h.score);
        expect(alive.has(h.id)).toBe(true);
      }
      expected += brute.size;
      found += hits.length;
      if (alive.has(e.id) && brute.has(e.id)) {
        planted++;
        if (hits.some((h) => h.id === e.id)) plantedFound++;
      }
    }
    // candidate generation may miss a few weak brute-force matches, never the planted ones
    expect(found / expected).toBeGreaterThanOrEqual(0.97);
    expect(plantedFound / planted).toBeGreaterThanOrEqual(0.99);
  });

  it('reports its memory', () => {
    const idx = new NameIndex();
    idx.add('x', ['Some Name'], 'Person');
    const s = idx.stats();
    expect(s.names).toBe(1);
    expect(s.typedArrayBytes).toBeGreaterThan(0);
    expect(s.vocabulary).toBe(2);
  });
});
