/**
 * Who sees which consignments: the receiving country owns its cargo data. Officers, unit heads and national
 * coordinators see their country's consignments; network admins and observers see none (observers get
 * aggregates only; admins run the network, not its cargo). Sharing across countries comes with the exchange.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import { consignments, type Role } from '../db/schema.ts';

export const CONSIGNMENT_SCOPE = {
  network_admin: 'none',
  national_coordinator: 'country',
  unit_head: 'country',
  officer: 'country',
  observer: 'none',
} as const satisfies Record<Role, 'country' | 'none'>;

export function visibleConsignmentsWhere(actor: Actor): SQL {
  return CONSIGNMENT_SCOPE[actor.role] === 'country' && actor.country ? eq(consignments.country, actor.country) : sql`false`;
}

/** Importing cargo data is for the unit's own staff (officers and unit heads) and the country's coordinator. */
export function canImportFor(actor: Actor, unit: { id: string; country: string }): boolean {
  switch (actor.role) {
    case 'officer':
    case 'unit_head':
      return actor.unitId === unit.id;
    case 'national_coordinator':
      return actor.country === unit.country;
    case 'network_admin':
    case 'observer':
      return false;
  }
}
