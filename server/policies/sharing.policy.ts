/**
 * Closed sharing groups and the shared-record rule used by every record type that is shared between
 * countries (warnings, seizures, operation material). Everything here returns SQL so visibility is decided
 * inside the query — never by filtering rows after loading them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/**
 * The parts of a viewer that the sharing rules read, as SQL: bound values for one actor (`viewerOf`), or the
 * columns of a `users` row (`viewerColumns`) so one statement can apply the very same rule to many users
 * (delivery/audience.ts).
 */
export interface ViewerSql {
  country: SQL;
  /** The viewer's unit id (a nil uuid when none). */
  unit: SQL;
  /** true for a national coordinator (counts for every unit of their country). */
  coordinator: SQL;
}

export function viewerOf(actor: Actor): ViewerSql {
  return { country: sql`${actor.country}`, unit: sql`${actor.unitId ?? NO_UNIT}`, coordinator: sql`${actor.role === 'national_coordinator'}` };
}

/** The viewer fields of the users row aliased `u`. */
export function viewerColumns(u: string): ViewerSql {
  const a = sql.raw(u);
  return { country: sql`${a}.country`, unit: sql`coalesce(${a}.unit_id, ${NO_UNIT}::uuid)`, coordinator: sql`(${a}.role = 'national_coordinator')` };
}

/** seesNoContents() negated, for the users row aliased `u`. */
export function seesContentsSql(u: string): SQL {
  const a = sql.raw(u);
  return sql`(${a}.role NOT IN ('observer', 'network_admin') AND ${a}.country IS NOT NULL)`;
}

/**
 * The actor belongs to the sharing group whose id is `groupId` (an SQL expression): their country is a
 * member as a whole, or their own unit is; a national coordinator counts for every unit of their country.
 * The group's owning unit is always a member.
 */
export function groupMemberSql(actor: Actor, groupId: SQL): SQL {
  if (!actor.country) return sql`false`;
  return groupMemberSqlFor(viewerOf(actor), groupId);
}

/** groupMemberSql for a viewer given as SQL (see ViewerSql). */
export function groupMemberSqlFor(v: ViewerSql, groupId: SQL): SQL {
  return sql`(EXISTS (
      SELECT 1 FROM sharing_group_members m WHERE m.group_id = ${groupId} AND m.country = ${v.country}
      AND (m.unit_id IS NULL OR m.unit_id = ${v.unit} OR ${v.coordinator}))
    OR EXISTS (SELECT 1 FROM sharing_groups g WHERE g.id = ${groupId} AND (g.owner_unit_id = ${v.unit} OR (${v.coordinator} AND g.owner_country = ${v.country}))))`;
}

/** Roles that never see the contents of shared intelligence (aggregates only). */
export function seesNoContents(actor: Actor): boolean {
  return actor.role === 'observer' || actor.role === 'network_admin' || !actor.country;
}

/**
 * Visibility of a shared record with columns unit_id, country, distribution, group_id and named_countries
 * (jsonb array of ISO codes): the owning unit's staff and its country's coordinator always; others by the
 * distribution level. Observers and network admins: never (they get aggregates).
 */
export function visibleSharedRecordWhere(actor: Actor, alias: string): SQL {
  if (seesNoContents(actor)) return sql`false`;
  const r = sql.raw(alias);
  const unit = actor.unitId ?? NO_UNIT;
  const coordinator = actor.role === 'national_coordinator';
  return sql`(
    ${r}.unit_id = ${unit}
    OR (${coordinator} AND ${r}.country = ${actor.country})
    OR ${r}.distribution = 'network'
    OR (${r}.distribution = 'own_country' AND ${r}.country = ${actor.country})
    OR (${r}.distribution = 'named' AND ${r}.named_countries ? ${actor.country})
    OR (${r}.distribution = 'group' AND ${groupMemberSql(actor, sql`${r}.group_id`)})
  )`;
}

/** Groups are created by a unit head (owner: their unit) or a national coordinator (owner: a unit of their country). */
export function canCreateGroup(actor: Actor): boolean {
  return (actor.role === 'unit_head' && Boolean(actor.unitId)) || (actor.role === 'national_coordinator' && Boolean(actor.country));
}

/** The owner admits and removes members: the owning unit's head, or the owning country's coordinator. */
export function canManageGroup(actor: Actor, g: { ownerUnitId: string; ownerCountry: string }): boolean {
  return (actor.role === 'unit_head' && actor.unitId === g.ownerUnitId) || (actor.role === 'national_coordinator' && actor.country === g.ownerCountry);
}
