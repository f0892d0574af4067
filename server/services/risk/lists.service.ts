import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { riskLists, units, type ListKind, type OwnerScope } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canWriteOwned, visibleOwnedWhere, type Owned } from '../../policies/risk.policy.ts';

export interface OwnerInput {
  ownerScope: OwnerScope;
  ownerUnitId?: string | null;
}

/** Resolves the owner's country from the actor (country scope) or the unit (unit scope). */
export async function resolveOwner(db: DbOrTx, actor: Actor, input: OwnerInput): Promise<Owned> {
  switch (input.ownerScope) {
    case 'network':
      return { ownerScope: 'network', ownerCountry: null, ownerUnitId: null };
    case 'country':
      if (!actor.country) throw new AppError('VALIDATION_FAILED', 'Country scope needs a user with a country', { field: 'ownerScope' });
      return { ownerScope: 'country', ownerCountry: actor.country, ownerUnitId: null };
    case 'unit': {
      const unitId = input.ownerUnitId ?? actor.unitId;
      if (!unitId) throw new AppError('VALIDATION_FAILED', 'Unit scope needs ownerUnitId', { field: 'ownerUnitId' });
      const [unit] = await db.select({ country: units.country }).from(units).where(eq(units.id, unitId));
      if (!unit) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit', { field: 'ownerUnitId' });
      return { ownerScope: 'unit', ownerCountry: unit.country, ownerUnitId: unitId };
    }
  }
}

export function normaliseItems(kind: ListKind, items: string[]): string[] {
  const clean = items.map((i) => i.trim()).filter(Boolean);
  const upper = kind === 'ports' || kind === 'countries' || kind === 'hs_prefixes';
  return [...new Set(upper ? clean.map((i) => i.toUpperCase().replace(/[\s.]/g, '')) : clean)];
}

export async function listRiskLists(db: Db, actor: Actor) {
  return db.select().from(riskLists).where(visibleOwnedWhere(actor, riskLists)).orderBy(asc(riskLists.name));
}

export async function getRiskList(db: Db, actor: Actor, id: string) {
  const [row] = await db.select().from(riskLists).where(and(eq(riskLists.id, id), visibleOwnedWhere(actor, riskLists)));
  if (!row) throw notFound('List');
  return row;
}

export async function createRiskList(db: Db, actor: Actor, ctx: AuditContext, input: OwnerInput & { name: string; kind: ListKind; description?: string; items: string[] }) {
  const owner = await resolveOwner(db, actor, input);
  if (!canWriteOwned(actor, owner)) throw forbidden('list.create');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(riskLists)
      .values({ ...owner, name: input.name, kind: input.kind, description: input.description ?? null, items: normaliseItems(input.kind, input.items), createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', `A list named "${input.name}" exists for this owner`, { field: 'name' });
    await record(tx, ctx, { type: 'risk_list.created', data: { name: row.name, kind: row.kind, items: row.items.length } }, { country: row.ownerCountry, entityType: 'risk_list', entityId: row.id });
    return row;
  });
}

export async function updateRiskList(db: Db, actor: Actor, ctx: AuditContext, id: string, changes: { items?: string[]; description?: string | null }) {
  const current = await getRiskList(db, actor, id);
  if (!canWriteOwned(actor, current)) throw forbidden('list.update');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(riskLists)
      .set({ ...(changes.items ? { items: normaliseItems(current.kind, changes.items) } : {}), ...(changes.description !== undefined ? { description: changes.description } : {}), updatedAt: new Date() })
      .where(eq(riskLists.id, id))
      .returning();
    await record(tx, ctx, { type: 'risk_list.updated', data: { name: current.name, items: row!.items.length } }, { country: current.ownerCountry, entityType: 'risk_list', entityId: id });
    return row!;
  });
}

/**
 * The lists a profile of this owner can use, by name: unit lists shadow country lists, which shadow network
 * lists of the same name.
 */
export async function listsForOwner(db: DbOrTx, owner: Owned): Promise<Map<string, string[]>> {
  const rowsOut = await db
    .select()
    .from(riskLists)
    .where(
      or(
        eq(riskLists.ownerScope, 'network'),
        owner.ownerCountry ? and(eq(riskLists.ownerScope, 'country'), eq(riskLists.ownerCountry, owner.ownerCountry)) : sql`false`,
        owner.ownerUnitId ? and(eq(riskLists.ownerScope, 'unit'), eq(riskLists.ownerUnitId, owner.ownerUnitId)) : sql`false`,
      ),
    );
  const rank = { network: 0, country: 1, unit: 2 } as const;
  rowsOut.sort((a, b) => rank[a.ownerScope] - rank[b.ownerScope]);
  const out = new Map<string, string[]>();
  for (const r of rowsOut) out.set(r.name, r.items);
  return out;
}
