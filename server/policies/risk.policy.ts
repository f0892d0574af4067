/**
 * Risk profiles, lists: who sees and who writes them. Owners are the network, a country or a unit.
 * Everyone but observers sees network-wide items and those of their own country (unit items included:
 * colleagues in other units of the country learn from them). Writing:
 *  - network scope: network admins and national coordinators;
 *  - country scope: the country's national coordinator and its unit heads;
 *  - unit scope: the unit's officers (analysts) and head, and the country's coordinator.
 */
import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../auth/actor.ts';
import type { OwnerScope } from '../db/schema.ts';

export interface Owned {
  ownerScope: OwnerScope;
  ownerCountry: string | null;
  ownerUnitId: string | null;
}

export function visibleOwnedWhere(actor: Actor, cols: { ownerScope: AnyPgColumn; ownerCountry: AnyPgColumn }): SQL {
  if (actor.role === 'observer') return sql`false`;
  if (actor.role === 'network_admin' || !actor.country) return eq(cols.ownerScope, 'network');
  return or(eq(cols.ownerScope, 'network'), eq(cols.ownerCountry, actor.country))!;
}

export function canWriteOwned(actor: Actor, o: Owned): boolean {
  switch (o.ownerScope) {
    case 'network':
      return actor.role === 'network_admin' || actor.role === 'national_coordinator';
    case 'country':
      return actor.country === o.ownerCountry && (actor.role === 'national_coordinator' || actor.role === 'unit_head');
    case 'unit':
      return (
        (actor.role === 'national_coordinator' && actor.country === o.ownerCountry) ||
        ((actor.role === 'officer' || actor.role === 'unit_head') && actor.unitId === o.ownerUnitId)
      );
  }
}

/** Targeting decisions and inspection results: the staff of the consignment's unit, and its country's coordinator. */
export function canTarget(actor: Actor, c: { unitId: string; country: string }): boolean {
  switch (actor.role) {
    case 'officer':
    case 'unit_head':
      return actor.unitId === c.unitId;
    case 'national_coordinator':
      return actor.country === c.country;
    case 'network_admin':
    case 'observer':
      return false;
  }
}
