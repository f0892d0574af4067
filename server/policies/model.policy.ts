/**
 * Learned-model versions: the network model (country null) and one model per country.
 *  - see: everyone but observers sees the network model; staff of a country also see their country's model
 *    (a network admin sees the network model only — the country models are national business);
 *  - train, activate, roll back: the network admin for the network model, the country's national
 *    coordinator for the country's model.
 */
import { eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import { modelVersions } from '../db/schema.ts';

export function visibleModelsWhere(actor: Actor): SQL {
  if (actor.role === 'observer') return sql`false`;
  if (actor.role === 'network_admin' || !actor.country) return isNull(modelVersions.country);
  return or(isNull(modelVersions.country), eq(modelVersions.country, actor.country))!;
}

/** Whether the actor may see the model of this scope (null = network). */
export function canSeeModel(actor: Actor, country: string | null): boolean {
  if (actor.role === 'observer') return false;
  return country === null || (actor.role !== 'network_admin' && actor.country === country);
}

export function canManageModel(actor: Actor, country: string | null): boolean {
  return country === null ? actor.role === 'network_admin' : actor.role === 'national_coordinator' && actor.country === country;
}
