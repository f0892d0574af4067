/**
 * Watchlists of persons and companies (names in any script, countries, identifiers, birth date), vessels (IMO),
 * containers and documents. Entries come by API, or from a CSV or FollowTheMoney JSON-lines file
 * (the OpenSanctions export format). Every change bumps the screening version and audits in its transaction;
 * a retro-hunt job then scans recent consignments for the new entries.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { escapeLike, type Db } from '../../db/client.ts';
import { watchlistEntries, watchlists, type Lane, type WatchlistKind } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canWriteOwned, visibleOwnedWhere } from '../../policies/risk.policy.ts';
import { checkContainerNumber, checkImoNumber, normalizeContainerNumber } from '../../engine/validation/index.ts';
import { resolveOwner, type OwnerInput } from './lists.service.ts';
import { applyLocalChange, bumpWatchlistVersion, toMeta } from './screening.ts';

export interface EntryInput {
  schema: string;
  names?: string[];
  countries?: string[];
  birthDate?: string;
  identifiers?: { scheme: string; value: string }[];
  imoNumber?: string;
  containerNumber?: string;
  documentNumber?: string;
  externalId?: string;
  notes?: string;
}

export interface EntryProblem {
  line?: number;
  index?: number;
  field: string;
  message: string;
}

export async function listWatchlists(db: Db, actor: Actor) {
  return db
    .select({ w: watchlists, entries: sql<number>`(SELECT count(*)::int FROM watchlist_entries e WHERE e.watchlist_id = ${watchlists.id})` })
    .from(watchlists)
    .where(visibleOwnedWhere(actor, watchlists))
    .orderBy(asc(watchlists.name));
}

/**
 * A watchlist with one page of its entries; `q` keeps the entries with a name, external id, IMO, container or
 * document number containing it (case-insensitive).
 */
export async function getWatchlist(db: Db, actor: Actor, id: string, page: { limit: number; offset: number; q?: string } = { limit: 100, offset: 0 }) {
  const [w] = await db.select().from(watchlists).where(and(eq(watchlists.id, id), visibleOwnedWhere(actor, watchlists)));
  if (!w) throw notFound('Watchlist');
  const q = page.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : undefined;
  const where = and(
    eq(watchlistEntries.watchlistId, id),
    pattern
      ? sql`(array_to_string(${watchlistEntries.names}, ' ') ILIKE ${pattern} OR ${watchlistEntries.externalId} ILIKE ${pattern}
          OR ${watchlistEntries.imoNumber} ILIKE ${pattern} OR ${watchlistEntries.containerNumber} ILIKE ${pattern} OR ${watchlistEntries.documentNumber} ILIKE ${pattern})`
      : undefined,
  );
  const [entries, [total]] = await Promise.all([
    db.select().from(watchlistEntries).where(where).orderBy(asc(watchlistEntries.createdAt), asc(watchlistEntries.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(watchlistEntries).where(where),
  ]);
  return { watchlist: w, entries, total: total?.n ?? 0 };
}

export async function createWatchlist(db: Db, actor: Actor, ctx: AuditContext, input: OwnerInput & { name: string; kind: WatchlistKind; description?: string; weight: number; lane: Lane }) {
  const owner = await resolveOwner(db, actor, input);
  if (!canWriteOwned(actor, owner)) throw forbidden('watchlist.create');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(watchlists).values({ ...owner, name: input.name, kind: input.kind, description: input.description ?? null, weight: input.weight, lane: input.lane, createdBy: actor.userId }).returning();
    await record(tx, ctx, { type: 'watchlist.created', data: { name: input.name, kind: input.kind } }, { country: owner.ownerCountry, entityType: 'watchlist', entityId: row!.id });
    return row!;
  });
}

/** Checks and normalises one entry; returns problems naming the field. */
export function checkEntry(e: EntryInput, at: { line?: number; index?: number }): { entry?: EntryInput; problems: EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const names = (e.names ?? []).map((n) => n.trim()).filter(Boolean);
  const out: EntryInput = { ...e, names, countries: (e.countries ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean) };
  if (e.imoNumber) {
    const r = checkImoNumber(e.imoNumber);
    if (!r.valid) problems.push({ ...at, field: 'imoNumber', message: `IMO ${e.imoNumber}: ${r.reason}` });
    else out.imoNumber = r.normalized;
  }
  if (e.containerNumber) {
    const r = checkContainerNumber(e.containerNumber);
    if (!r.valid) problems.push({ ...at, field: 'containerNumber', message: `container ${e.containerNumber}: ${r.reason}` });
    else out.containerNumber = normalizeContainerNumber(e.containerNumber);
  }
  if (e.documentNumber) out.documentNumber = e.documentNumber.toUpperCase().replace(/[\s-]/g, '');
  for (const c of out.countries ?? []) if (!/^[A-Z]{2}$/.test(c)) problems.push({ ...at, field: 'countries', message: `"${c}" is not an ISO 3166 alpha-2 code` });
  if (!names.length && !out.imoNumber && !out.containerNumber && !out.documentNumber) {
    problems.push({ ...at, field: 'names', message: 'an entry needs a name, an IMO, a container or a document number' });
  }
  return problems.length ? { problems } : { entry: out, problems };
}

async function requireWritable(db: Db, actor: Actor, id: string) {
  const [w] = await db.select().from(watchlists).where(and(eq(watchlists.id, id), visibleOwnedWhere(actor, watchlists)));
  if (!w) throw notFound('Watchlist');
  if (!canWriteOwned(actor, w)) throw forbidden('watchlist.update');
  return w;
}

/** Adds (or, by externalId, replaces) entries; stores the good ones, reports the bad ones. */
export async function addEntries(db: Db, actor: Actor | null, ctx: AuditContext, id: string, inputs: EntryInput[], lines?: number[]) {
  const w = actor ? await requireWritable(db, actor, id) : (await db.select().from(watchlists).where(eq(watchlists.id, id)))[0];
  if (!w) throw notFound('Watchlist');
  const problems: EntryProblem[] = [];
  const good: EntryInput[] = [];
  inputs.forEach((e, i) => {
    const r = checkEntry(e, lines ? { line: lines[i] } : { index: i });
    problems.push(...r.problems);
    if (r.entry) good.push(r.entry);
  });
  const added: (typeof watchlistEntries.$inferSelect)[] = [];
  const replaced: string[] = [];
  for (let i = 0; i < good.length; i += 1000) {
    const chunk = good.slice(i, i + 1000);
    await db.transaction(async (tx) => {
      const externalIds = chunk.map((e) => e.externalId).filter((x): x is string => Boolean(x));
      if (externalIds.length) {
        const old = await tx
          .delete(watchlistEntries)
          .where(and(eq(watchlistEntries.watchlistId, id), sql`${watchlistEntries.externalId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb))`))
          .returning({ id: watchlistEntries.id });
        replaced.push(...old.map((o) => o.id));
      }
      const rowsOut = await tx
        .insert(watchlistEntries)
        .values(
          chunk.map((e) => ({
            watchlistId: id,
            schema: e.schema,
            names: e.names ?? [],
            countries: e.countries ?? [],
            birthDate: e.birthDate ?? null,
            identifiers: e.identifiers ?? [],
            imoNumber: e.imoNumber ?? null,
            containerNumber: e.containerNumber ?? null,
            documentNumber: e.documentNumber ?? null,
            externalId: e.externalId ?? null,
            notes: e.notes ?? null,
          })),
        )
        .returning();
      added.push(...rowsOut);
      await bumpWatchlistVersion(tx);
      await record(tx, ctx, { type: 'watchlist.entries_added', data: { watchlist: w.name, added: rowsOut.length, replaced: replaced.length } }, { country: w.ownerCountry, entityType: 'watchlist', entityId: id });
      await applyLocalChange(tx, db, { added: rowsOut.map((r) => toMeta(r, w)), removed: replaced });
    });
  }
  return { added: added.length, replaced: replaced.length, rejected: inputs.length - good.length, problems: problems.slice(0, 1000), entryIds: added.map((a) => a.id) };
}

export async function removeEntry(db: Db, actor: Actor, ctx: AuditContext, id: string, entryId: string) {
  const w = await requireWritable(db, actor, id);
  await db.transaction(async (tx) => {
    const gone = await tx.delete(watchlistEntries).where(and(eq(watchlistEntries.id, entryId), eq(watchlistEntries.watchlistId, id))).returning({ id: watchlistEntries.id });
    if (!gone.length) throw notFound('Entry');
    await bumpWatchlistVersion(tx);
    await record(tx, ctx, { type: 'watchlist.entry_removed', data: { watchlist: w.name, entryId } }, { country: w.ownerCountry, entityType: 'watchlist', entityId: id });
    await applyLocalChange(tx, db, { removed: [entryId] });
  });
}

const FTM_IDENTIFIER_PROPS = ['idNumber', 'registrationNumber', 'taxNumber', 'innCode', 'ogrnCode', 'leiCode', 'passportNumber'];

/** A FollowTheMoney entity ({"id","schema","properties":{…}}) → entry. */
export function ftmToEntry(obj: unknown): EntryInput | string {
  if (!obj || typeof obj !== 'object') return 'not a JSON object';
  const o = obj as { id?: unknown; schema?: unknown; properties?: Record<string, unknown> };
  if (typeof o.schema !== 'string') return 'missing "schema"';
  const props = o.properties ?? {};
  const strs = (k: string) => (Array.isArray(props[k]) ? (props[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return {
    schema: o.schema,
    externalId: typeof o.id === 'string' ? o.id : undefined,
    names: [...strs('name'), ...strs('alias'), ...strs('previousName'), ...strs('weakAlias')],
    countries: [...strs('country'), ...strs('nationality'), ...strs('jurisdiction')].map((c) => c.toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c)),
    birthDate: strs('birthDate')[0],
    imoNumber: strs('imoNumber')[0],
    identifiers: FTM_IDENTIFIER_PROPS.flatMap((k) => strs(k).map((value) => ({ scheme: k, value }))),
  };
}

/** Reads a CSV (columns: name[, aliases separated by ';'], schema, country, birth_date, imo, container, document, id) or FtM JSON-lines file. */
export async function* readWatchlistFile(content: Buffer, format: 'csv' | 'ftm'): AsyncGenerator<{ line: number; entry?: EntryInput; problem?: string }> {
  if (format === 'ftm') {
    const rl = createInterface({ input: Readable.from(content), crlfDelay: Infinity });
    let line = 0;
    for await (const text of rl) {
      line++;
      if (!text.trim()) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (err) {
        yield { line, problem: `not valid JSON: ${(err as Error).message}` };
        continue;
      }
      const e = ftmToEntry(obj);
      yield typeof e === 'string' ? { line, problem: e } : { line, entry: e };
    }
    return;
  }
  const parser = Readable.from(content).pipe(parse({ columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const r = rec.record;
    if (!('name' in r) && !('imo' in r) && !('container' in r)) {
      yield { line: rec.info.lines, problem: 'needs a "name", "imo" or "container" column' };
      return;
    }
    const split = (v: string | undefined) => (v ?? '').split(';').map((x) => x.trim()).filter(Boolean);
    yield {
      line: rec.info.lines,
      entry: {
        schema: r.schema || (r.imo ? 'Vessel' : 'LegalEntity'),
        names: [...split(r.name), ...split(r.aliases ?? r.alias)],
        countries: split(r.country ?? r.countries),
        birthDate: r.birth_date || undefined,
        imoNumber: r.imo || undefined,
        containerNumber: r.container || undefined,
        documentNumber: r.document || undefined,
        externalId: r.id || undefined,
        notes: r.notes || undefined,
      },
    };
  }
}

export async function importWatchlistFile(db: Db, actor: Actor | null, ctx: AuditContext, id: string, content: Buffer, format: 'csv' | 'ftm') {
  const entries: EntryInput[] = [];
  const lines: number[] = [];
  const problems: EntryProblem[] = [];
  for await (const r of readWatchlistFile(content, format)) {
    if (r.problem) problems.push({ line: r.line, field: 'line', message: r.problem });
    else if (r.entry) {
      entries.push(r.entry);
      lines.push(r.line);
    }
  }
  if (entries.length === 0 && problems.length) throw new AppError('VALIDATION_FAILED', `No entries read: line ${problems[0]!.line}: ${problems[0]!.message}`, { field: 'file', problems: problems.slice(0, 100) });
  const result = await addEntries(db, actor, ctx, id, entries, lines);
  return { ...result, rejected: result.rejected + problems.length, problems: [...problems, ...result.problems].slice(0, 1000) };
}
