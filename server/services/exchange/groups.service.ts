/**
 * Sharing groups: closed user groups (e.g. an operation's) that a warning can be distributed to. The owner —
 * the owning unit's head or its country's coordinator — admits member countries (every unit of them) or single
 * units. Membership is decided in SQL (sharing.policy.ts → groupMemberSql); every change is audited.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { countries, sharingGroupMembers, sharingGroups, units } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canCreateGroup, canManageGroup, groupMemberSql } from '../../policies/sharing.policy.ts';

export interface GroupMemberInput {
  country: string;
  unitId?: string | null;
}

/** A member must be a network country, and a named unit must be of that country. */
async function checkMember(db: Db, m: GroupMemberInput, field: string): Promise<void> {
  const [c] = await db.select({ member: countries.member }).from(countries).where(eq(countries.iso2, m.country));
  if (!c?.member) throw new AppError('UNKNOWN_REFERENCE', `${m.country} is not a network country`, { field: `${field}.country` });
  if (m.unitId) {
    const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, m.unitId));
    if (!u || u.country !== m.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit of that country', { field: `${field}.unitId` });
  }
}

export async function createGroup(db: Db, actor: Actor, ctx: AuditContext, input: { name: string; description?: string; ownerUnitId?: string; members?: GroupMemberInput[] }) {
  if (!canCreateGroup(actor)) throw forbidden('group.create');
  let ownerUnitId = actor.unitId;
  if (actor.role === 'national_coordinator') {
    if (!input.ownerUnitId) throw new AppError('VALIDATION_FAILED', 'A coordinator names the owning unit of their country', { field: 'ownerUnitId' });
    const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, input.ownerUnitId));
    if (!u || u.country !== actor.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit of your country', { field: 'ownerUnitId' });
    ownerUnitId = input.ownerUnitId;
  } else if (input.ownerUnitId && input.ownerUnitId !== actor.unitId) {
    throw new AppError('VALIDATION_FAILED', 'A unit head owns groups for their own unit', { field: 'ownerUnitId' });
  }
  const members = dedupeMembers(input.members ?? []);
  for (const [i, m] of members.entries()) await checkMember(db, m, `members[${i}]`);
  return db.transaction(async (tx) => {
    const [g] = await tx
      .insert(sharingGroups)
      .values({ name: input.name, description: input.description ?? '', ownerUnitId: ownerUnitId!, ownerCountry: actor.country!, createdBy: actor.userId })
      .returning();
    await record(tx, ctx, { type: 'group.created', data: { groupId: g!.id, name: g!.name, ownerUnitId: g!.ownerUnitId } }, { country: actor.country, entityType: 'sharing_group', entityId: g!.id });
    for (const m of members) {
      await tx.insert(sharingGroupMembers).values({ groupId: g!.id, country: m.country, unitId: m.unitId ?? null, addedBy: actor.userId });
      await record(tx, ctx, { type: 'group.member_added', data: { groupId: g!.id, country: m.country, unitId: m.unitId ?? null } }, { country: actor.country, entityType: 'sharing_group', entityId: g!.id });
    }
    return g!;
  });
}

function dedupeMembers(ms: GroupMemberInput[]): GroupMemberInput[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const k = `${m.country}/${m.unitId ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Groups the actor owns or belongs to (as a country or a unit). */
export async function listGroups(db: Db, actor: Actor, opts: { limit: number; offset: number }) {
  const where = sql`${groupMemberSql(actor, sql`g.id`)}`;
  const data = await rows<Record<string, unknown>>(
    db,
    sql`SELECT g.id, g.name, g.description, g.owner_unit_id AS "ownerUnitId", u.code AS "ownerUnitCode", g.owner_country AS "ownerCountry",
          g.created_at AS "createdAt", (SELECT count(*)::int FROM sharing_group_members m WHERE m.group_id = g.id) AS "memberCount"
        FROM sharing_groups g JOIN units u ON u.id = g.owner_unit_id WHERE ${where}
        ORDER BY g.created_at DESC, g.id LIMIT ${opts.limit} OFFSET ${opts.offset}`,
  );
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM sharing_groups g WHERE ${where}`);
  return { data: data.map((g) => ({ ...g, can: { manage: canManageGroup(actor, g as { ownerUnitId: string; ownerCountry: string }) } })), total: count?.n ?? 0 };
}

async function loadGroup(db: Db, actor: Actor, id: string) {
  const [g] = await db.select().from(sharingGroups).where(and(eq(sharingGroups.id, id), sql`${groupMemberSql(actor, sql`${sharingGroups.id}`)}`));
  if (!g) throw notFound('Group');
  return g;
}

export async function getGroup(db: Db, actor: Actor, id: string) {
  const g = await loadGroup(db, actor, id);
  const members = await rows<Record<string, unknown>>(
    db,
    sql`SELECT m.country, m.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName", m.added_at AS "addedAt"
        FROM sharing_group_members m LEFT JOIN units u ON u.id = m.unit_id WHERE m.group_id = ${id} ORDER BY m.country, u.code NULLS FIRST`,
  );
  const [owner] = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, g.ownerUnitId));
  return { ...g, ownerUnitCode: owner?.code ?? null, ownerUnitName: owner?.name ?? null, members, can: { manage: canManageGroup(actor, g) } };
}

export async function addGroupMember(db: Db, actor: Actor, ctx: AuditContext, id: string, m: GroupMemberInput) {
  const g = await loadGroup(db, actor, id);
  if (!canManageGroup(actor, g)) throw forbidden('group.manage');
  await checkMember(db, m, 'body');
  return db.transaction(async (tx) => {
    const [exists] = await tx
      .select({ c: sharingGroupMembers.country })
      .from(sharingGroupMembers)
      .where(and(eq(sharingGroupMembers.groupId, id), eq(sharingGroupMembers.country, m.country), m.unitId ? eq(sharingGroupMembers.unitId, m.unitId) : isNull(sharingGroupMembers.unitId)));
    if (exists) throw new AppError('CONFLICT', 'Already a member', { field: m.unitId ? 'unitId' : 'country' });
    await tx.insert(sharingGroupMembers).values({ groupId: id, country: m.country, unitId: m.unitId ?? null, addedBy: actor.userId });
    await record(tx, ctx, { type: 'group.member_added', data: { groupId: id, country: m.country, unitId: m.unitId ?? null } }, { country: g.ownerCountry, entityType: 'sharing_group', entityId: id });
    return { groupId: id, country: m.country, unitId: m.unitId ?? null };
  });
}

export async function removeGroupMember(db: Db, actor: Actor, ctx: AuditContext, id: string, m: GroupMemberInput) {
  const g = await loadGroup(db, actor, id);
  if (!canManageGroup(actor, g)) throw forbidden('group.manage');
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(sharingGroupMembers)
      .where(and(eq(sharingGroupMembers.groupId, id), eq(sharingGroupMembers.country, m.country), m.unitId ? eq(sharingGroupMembers.unitId, m.unitId) : isNull(sharingGroupMembers.unitId)))
      .returning({ c: sharingGroupMembers.country });
    if (!gone.length) throw notFound('Group member');
    await record(tx, ctx, { type: 'group.member_removed', data: { groupId: id, country: m.country, unitId: m.unitId ?? null } }, { country: g.ownerCountry, entityType: 'sharing_group', entityId: id });
  });
}

/** Distribution 'group' is allowed only to a group the sender belongs to (or owns). */
export async function assertGroupMember(db: Db, actor: Actor, groupId: string | undefined): Promise<string> {
  if (!groupId) throw new AppError('VALIDATION_FAILED', "Distribution 'group' needs a groupId", { field: 'groupId' });
  const [g] = await db.select({ id: sharingGroups.id }).from(sharingGroups).where(and(eq(sharingGroups.id, groupId), sql`${groupMemberSql(actor, sql`${sharingGroups.id}`)}`));
  if (!g) throw new AppError('VALIDATION_FAILED', 'groupId is not a sharing group you belong to', { field: 'groupId' });
  return g.id;
}
