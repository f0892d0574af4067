/** Who may do what in the exchange UI (the server decides; this only hides what would be refused). */
import type { Me } from '../../api/types.ts';

/** Messages are read by a country's officers, unit heads and coordinator; observers and admins see aggregates only. */
export function canSeeExchange(me: Me): boolean {
  return (me.role === 'officer' || me.role === 'unit_head' || me.role === 'national_coordinator') && !!me.country;
}

/** Warnings and requests are sent by a unit: its officers (with the head's approval) and its head. */
export function canWriteWarnings(me: Me): boolean {
  return (me.role === 'officer' || me.role === 'unit_head') && !!me.unit;
}

/** Sharing groups are created by a unit head or a national coordinator. */
export function canCreateGroups(me: Me): boolean {
  return me.role === 'unit_head' || me.role === 'national_coordinator';
}
