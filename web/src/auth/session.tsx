/** The logged-in user, available to every page inside the session gate. */
import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';

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
