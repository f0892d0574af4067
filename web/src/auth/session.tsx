/** The logged-in user, available to every page inside the session gate. */
import { createContext, useContext } from 'react';
import type { Me, OwnerScope } from '../api/types.ts';

export interface Session {
  me: Me;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionGate');
  return s;
}

export function useMe(): Me {
  return useSession().me;
}

/** Creating units (and moving them) is for network admins and national coordinators; unit heads edit their own. */
export function canCreateUnits(me: Me): boolean {
  return me.can.manageUnits && (me.role === 'network_admin' || me.role === 'national_coordinator');
}

/**
 * Cargo data (imports, consignments, the targeting queue) belongs to the receiving country: its officers, unit
 * heads and national coordinator work with it. Network admins and observers see none (server:
 * CONSIGNMENT_SCOPE in consignment.policy.ts), so the UI does not offer those pages to them.
 */
export function canWorkWithCargo(me: Me): boolean {
  return (me.role === 'officer' || me.role === 'unit_head' || me.role === 'national_coordinator') && !!me.country;
}

/** Risk profiles and lists: everyone but observers (who see aggregates only). */
export function canSeeRisk(me: Me): boolean {
  return me.role !== 'observer';
}

/** Default owner of a new profile or list: the own unit for unit staff, the country for a coordinator, else the network. */
export function defaultScope(me: Me): OwnerScope {
  if (me.unit) return 'unit';
  return me.role === 'national_coordinator' ? 'country' : 'network';
}
