import type { Me } from '../../api/types.ts';

/** Seizure records are for the staff of a country (server: visibleSharedRecordWhere); observers and admins get statistics only. */
export function canSeeSeizures(me: Pick<Me, 'role' | 'country'>): boolean {
  return me.role !== 'observer' && me.role !== 'network_admin' && !!me.country;
}

/** Officers and unit heads record seizures for their own unit (server: RECORDS_SEIZURES). */
export function canRecordSeizures(me: Pick<Me, 'role' | 'unit'>): boolean {
  return (me.role === 'officer' || me.role === 'unit_head') && !!me.unit;
}
