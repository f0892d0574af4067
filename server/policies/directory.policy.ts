/**
 * Who may see and change the network directory. Visibility is data (one row per role, checked by the
 * compiler), applied inside the query; a record outside the actor's scope answers 404, a visible record the
 * actor may not change answers 403.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import { users, ROLES, type Role } from '../db/schema.ts';

type Scope = 'all' | 'country' | 'unit' | 'self';

/** Which users each role can see. */
export const USER_VISIBILITY = {
  network_admin: 'all',
  national_coordinator: 'country',
  unit_head: 'unit',
  officer: 'unit',
  observer: 'self',
} as const satisfies Record<Role, Scope>;

/** Roles each role may give to users it manages. */
export const ASSIGNABLE_ROLES = {
  network_admin: ROLES,
  national_coordinator: ['national_coordinator', 'unit_head', 'officer', 'observer'],
  unit_head: ['officer'],
  officer: [],
  observer: [],
} as const satisfies Record<Role, readonly Role[]>;

/** Whose audit events each role may read. */
export const AUDIT_SCOPE = {
  network_admin: 'all',
  national_coordinator: 'country',
  unit_head: null,
  officer: null,
  observer: null,
} as const satisfies Record<Role, 'all' | 'country' | null>;

/** WHERE clause restricting users to those the actor may see. */
export function visibleUsersWhere(actor: Actor): SQL | undefined {
  const scope: Scope = USER_VISIBILITY[actor.role];
  switch (scope) {
    case 'all':
      return undefined;
    case 'country':
      return actor.country ? eq(users.country, actor.country) : eq(users.id, actor.userId);
    case 'unit':
      return actor.unitId ? eq(users.unitId, actor.unitId) : eq(users.id, actor.userId);
    case 'self':
      return eq(users.id, actor.userId);
  }
}

export function canAssignRole(actor: Actor, role: Role): boolean {
  return (ASSIGNABLE_ROLES[actor.role] as readonly Role[]).includes(role);
}

interface UserScopeFacts {
  id: string;
  role: Role;
  country: string | null;
  unitId: string | null;
}

/** May the actor change this (visible) user? Admins any; coordinators their country; unit heads their unit's officers. */
export function canManageUser(actor: Actor, target: UserScopeFacts): boolean {
  switch (actor.role) {
    case 'network_admin':
      return true;
    case 'national_coordinator':
      return target.role !== 'network_admin' && actor.country !== null && target.country === actor.country;
    case 'unit_head':
      return target.role === 'officer' && actor.unitId !== null && target.unitId === actor.unitId;
    case 'officer':
    case 'observer':
      return false;
  }
}

/** May the actor place a user (new or moved) in this country/unit with this role? */
export function canPlaceUser(actor: Actor, place: { role: Role; country: string | null; unitId: string | null }): boolean {
  if (!canAssignRole(actor, place.role)) return false;
  switch (actor.role) {
    case 'network_admin':
      return true;
    case 'national_coordinator':
      return place.country === actor.country;
    case 'unit_head':
      return place.unitId === actor.unitId;
    case 'officer':
    case 'observer':
      return false;
  }
}

export function canManageUnit(actor: Actor, unit: { id: string; country: string }): boolean {
  switch (actor.role) {
    case 'network_admin':
      return true;
    case 'national_coordinator':
      return unit.country === actor.country;
    case 'unit_head':
      return unit.id === actor.unitId;
    case 'officer':
    case 'observer':
      return false;
  }
}

/** Creating units and changing where a unit sits (country, agency) is for admins and the country's coordinator. */
export function canCreateUnitIn(actor: Actor, country: string): boolean {
  return actor.role === 'network_admin' || (actor.role === 'national_coordinator' && actor.country === country);
}

export const canManageAgencyIn = canCreateUnitIn;

/** Observers read aggregates only: no user records beyond themselves, no audit. */
export function canListUsers(actor: Actor): boolean {
  return actor.role !== 'observer';
}

export function auditWhere(actor: Actor): { allowed: false } | { allowed: true; where: SQL | undefined } {
  const scope = AUDIT_SCOPE[actor.role];
  if (scope === null) return { allowed: false };
  if (scope === 'all') return { allowed: true, where: undefined };
  return { allowed: true, where: actor.country ? sql`country = ${actor.country}` : sql`false` };
}

export function and2(a: SQL | undefined, b: SQL | undefined): SQL | undefined {
  return a && b ? and(a, b) : (a ?? b);
}
