/**
 * Webhooks for national systems: a national coordinator manages their own country's webhooks; the network
 * admin manages every country's. Nobody else sees them (a webhook URL and its log are system configuration).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';

export function visibleWebhooksWhere(actor: Actor, alias = 'h'): SQL {
  const h = sql.raw(alias);
  if (actor.role === 'network_admin') return sql`true`;
  if (actor.role === 'national_coordinator' && actor.country) return sql`${h}.country = ${actor.country}`;
  return sql`false`;
}

/** May the actor create/change webhooks of this country? */
export function canManageWebhooks(actor: Actor, country: string): boolean {
  return actor.role === 'network_admin' || (actor.role === 'national_coordinator' && actor.country === country);
}

/** May the actor use the webhooks pages at all? */
export function managesWebhooks(actor: Actor): boolean {
  return actor.role === 'network_admin' || (actor.role === 'national_coordinator' && Boolean(actor.country));
}
