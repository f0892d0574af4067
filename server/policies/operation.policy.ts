/**
 * Who sees and runs a joint operation. Participants are the members of the operation's closed sharing group
 * (sharing.policy.ts → groupMemberSql); the coordinating unit owns the group.
 *  - Full view: members of the group (a member country's staff, a member unit's staff, a member country's
 *    coordinator), the coordinating unit and its country's coordinator.
 *  - Aggregate view (name, period, participating countries, aggregate results; no feed, no daily reports):
 *    observers of a participating country, and network admins for every operation.
 *  - Everyone else: the operation does not exist for them (404, absent from lists).
 *  - Creating: unit heads (coordinating unit = their own) and national coordinators (a unit of their country).
 *  - Running (state, participants): the coordinating unit's head and the coordinating country's coordinator.
 *  - Daily reports: officers and unit heads of a participating unit, for their own unit.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Role } from '../db/schema.ts';
import { groupMemberSql, seesNoContents } from './sharing.policy.ts';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export type OperationView = 'full' | 'aggregate';

/** Roles that may create an operation (given a unit or country to coordinate from). */
export const CREATES_OPERATIONS = {
  network_admin: false,
  national_coordinator: true,
  unit_head: true,
  officer: false,
  observer: false,
} as const satisfies Record<Role, boolean>;

/** Roles that file daily reports for their own participating unit. */
export const FILES_DAILY_REPORTS = {
  network_admin: false,
  national_coordinator: false,
  unit_head: true,
  officer: true,
  observer: false,
} as const satisfies Record<Role, boolean>;

/** Which view of the operation the actor gets once it is visible. */
export function operationView(actor: Actor): OperationView {
  return seesNoContents(actor) ? 'aggregate' : 'full';
}

/** Operations the actor may see at all (alias with columns group_id, coordinating_unit_id, coordinating_country). */
export function visibleOperationsWhere(actor: Actor, alias = 'o'): SQL {
  const o = sql.raw(alias);
  if (actor.role === 'network_admin') return sql`true`;
  if (!actor.country) return sql`false`;
  if (actor.role === 'observer') {
    return sql`(${o}.coordinating_country = ${actor.country} OR EXISTS (
      SELECT 1 FROM sharing_group_members m WHERE m.group_id = ${o}.group_id AND m.country = ${actor.country}))`;
  }
  const unit = actor.unitId ?? NO_UNIT;
  const coordinator = actor.role === 'national_coordinator';
  return sql`(${o}.coordinating_unit_id = ${unit} OR (${coordinator} AND ${o}.coordinating_country = ${actor.country})
    OR ${groupMemberSql(actor, sql`${o}.group_id`)})`;
}

export function canCreateOperation(actor: Actor): boolean {
  if (!CREATES_OPERATIONS[actor.role] || !actor.country) return false;
  return actor.role === 'national_coordinator' || Boolean(actor.unitId);
}

export function canManageOperation(actor: Actor, op: { coordinatingUnitId: string; coordinatingCountry: string }): boolean {
  return (actor.role === 'unit_head' && actor.unitId === op.coordinatingUnitId) || (actor.role === 'national_coordinator' && actor.country === op.coordinatingCountry);
}

/** The actor's unit takes part (checked in SQL by the service: `participatingUnitsSql`). */
export function mayFileDailyReports(actor: Actor): boolean {
  return FILES_DAILY_REPORTS[actor.role] && Boolean(actor.unitId && actor.country);
}

/**
 * The units taking part in an operation (one column `id`): member units, every active unit of a member
 * country, and the coordinating unit.
 */
export function participatingUnitsSql(operationId: string): SQL {
  return sql`(SELECT u.id FROM units u JOIN operations o ON o.id = ${operationId}
     WHERE u.id = o.coordinating_unit_id
        OR EXISTS (SELECT 1 FROM sharing_group_members m WHERE m.group_id = o.group_id AND m.country = u.country
                   AND (m.unit_id = u.id OR (m.unit_id IS NULL AND u.active))))`;
}
