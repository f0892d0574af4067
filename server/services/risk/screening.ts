/**
 * The party-screening index: every watchlist entry's names in one in-memory NameIndex (engine/matching),
 * loaded once per process and kept current: changes made in this process update it incrementally; changes
 * made by another process bump the `watchlists.version` setting, and the next screening reloads.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { settings, watchlistEntries, watchlists, type Lane, type OwnerScope } from '../../db/schema.ts';
import { NameIndex, type SearchHit } from '../../engine/matching/index.ts';

export const WATCHLIST_VERSION_KEY = 'watchlists.version';

export interface EntryMeta {
  entryId: string;
  watchlistId: string;
  watchlistName: string;
  ownerScope: OwnerScope;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  weight: number;
  lane: Lane;
  schema: string;
  names: string[];
  imoNumber: string | null;
  containerNumber: string | null;
  documentNumber: string | null;
}

export class ScreeningIndex {
  readonly names = new NameIndex();
  readonly meta = new Map<string, EntryMeta>();
  readonly byImo = new Map<string, string[]>();
  readonly byContainer = new Map<string, string[]>();
  readonly byDocument = new Map<string, string[]>();
  version = -1;

  add(m: EntryMeta) {
    this.meta.set(m.entryId, m);
    if (m.names.length && m.schema !== 'Vessel') this.names.add(m.entryId, m.names, m.schema);
    const push = (map: Map<string, string[]>, key: string | null) => {
      if (!key) return;
      const arr = map.get(key);
      if (arr) arr.push(m.entryId);
      else map.set(key, [m.entryId]);
    };
    push(this.byImo, m.imoNumber);
    push(this.byContainer, m.containerNumber);
    push(this.byDocument, m.documentNumber);
  }

  remove(entryId: string) {
    const m = this.meta.get(entryId);
    if (!m) return;
    this.meta.delete(entryId);
    this.names.remove(entryId);
    for (const [map, key] of [[this.byImo, m.imoNumber], [this.byContainer, m.containerNumber], [this.byDocument, m.documentNumber]] as const) {
      if (!key) continue;
      const rest = (map.get(key) ?? []).filter((x) => x !== entryId);
      if (rest.length) map.set(key, rest);
      else map.delete(key);
    }
  }

  searchName(name: string, schema: string | undefined, limit = 5): (SearchHit & { meta: EntryMeta })[] {
    return this.names
      .search(name, { schema, limit })
      .map((h) => ({ ...h, meta: this.meta.get(h.id)! }))
      .filter((h) => h.meta !== undefined);
  }
}

const indexes = new WeakMap<object, ScreeningIndex>();

export async function watchlistVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, WATCHLIST_VERSION_KEY));
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Bumps the version in the transaction that changes entries. */
export async function bumpWatchlistVersion(tx: DbOrTx): Promise<void> {
  await tx
    .insert(settings)
    .values({ key: WATCHLIST_VERSION_KEY, value: 1 })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`to_jsonb(coalesce((${settings.value})::text::int, 0) + 1)`, updatedAt: new Date() } });
}

async function load(db: DbOrTx): Promise<ScreeningIndex> {
  const index = new ScreeningIndex();
  index.version = await watchlistVersion(db);
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({ e: watchlistEntries, w: watchlists })
      .from(watchlistEntries)
      .innerJoin(watchlists, eq(watchlists.id, watchlistEntries.watchlistId))
      .where(sql`${watchlistEntries.id} > ${last}`)
      .orderBy(watchlistEntries.id)
      .limit(10_000);
    if (batch.length === 0) break;
    for (const { e, w } of batch) index.add(toMeta(e, w));
    last = batch[batch.length - 1]!.e.id;
  }
  return index;
}

export function toMeta(e: typeof watchlistEntries.$inferSelect, w: typeof watchlists.$inferSelect): EntryMeta {
  return {
    entryId: e.id,
    watchlistId: w.id,
    watchlistName: w.name,
    ownerScope: w.ownerScope,
    ownerCountry: w.ownerCountry,
    ownerUnitId: w.ownerUnitId,
    weight: w.weight,
    lane: w.lane,
    schema: e.schema,
    names: e.names,
    imoNumber: e.imoNumber,
    containerNumber: e.containerNumber,
    documentNumber: e.documentNumber,
  };
}

/** The current index for this database (keyed by the Db object), reloaded when another process changed lists. */
export async function screeningIndex(db: DbOrTx, key: object = db): Promise<ScreeningIndex> {
  const current = indexes.get(key);
  const version = await watchlistVersion(db);
  if (current && current.version === version) return current;
  const fresh = await load(db);
  indexes.set(key, fresh);
  return fresh;
}

/** After a change made in this process: apply it to the loaded index and adopt the new version. */
export async function applyLocalChange(db: DbOrTx, key: object, change: { added?: EntryMeta[]; removed?: string[] }): Promise<void> {
  const current = indexes.get(key);
  if (!current) return;
  const version = await watchlistVersion(db);
  if (version !== current.version + 1) {
    indexes.delete(key); // someone else changed lists too: reload next time
    return;
  }
  for (const id of change.removed ?? []) current.remove(id);
  for (const m of change.added ?? []) current.add(m);
  current.version = version;
}

/** Does an item owned by the network, a country or a unit (profile, watchlist) apply to this consignment? */
export function appliesTo(m: { ownerScope: string; ownerCountry: string | null; ownerUnitId: string | null }, c: { unitId: string; country: string }): boolean {
  return m.ownerScope === 'network' || (m.ownerScope === 'country' && m.ownerCountry === c.country) || (m.ownerScope === 'unit' && m.ownerUnitId === c.unitId);
}
