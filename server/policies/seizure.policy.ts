/**
 * Who sees and changes seizure records, and which seizures statistics count.
 *  - Records: the shared-record rule (sharing.policy.ts): the recording unit and its country's coordinator
 *    always; others by distribution (own_unit, own_country, named countries, group, network). Observers and
 *    network admins never see a record (aggregates only).
 *  - Recording: officers and unit heads, for their own unit. Changing: the recording unit's officers and head,
 *    and the country's coordinator.
 *  - TLP as for warnings: RED stays with the own unit or named countries; AMBER and AMBER+STRICT never
 *    network-wide.
 *  - Aggregates (docs/decisions/0007-statistics-aggregates.md): every seizure counts except TLP:RED and
 *    AMBER+STRICT ones, which count only for viewers who may see the record.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Distribution, Role, Tlp } from '../db/schema.ts';
import { seesNoContents, visibleSharedRecordWhere } from './sharing.policy.ts';
import { tlpProblem } from './warning.policy.ts';

/** Who may record a seizure for their own unit. */
export const RECORDS_SEIZURES = {
  network_admin: false,
  national_coordinator: false,
  unit_head: true,
  officer: true,
  observer: false,
} as const satisfies Record<Role, boolean>;

export function visibleSeizuresWhere(actor: Actor, alias = 's'): SQL {
  return visibleSharedRecordWhere(actor, alias);
}

export function canRecordSeizure(actor: Actor): boolean {
  return RECORDS_SEIZURES[actor.role] && Boolean(actor.unitId && actor.country);
}

export function canEditSeizure(actor: Actor, s: { unitId: string; country: string }): boolean {
  switch (actor.role) {
    case 'officer':
    case 'unit_head':
      return actor.unitId === s.unitId;
    case 'national_coordinator':
      return actor.country === s.country;
    case 'network_admin':
    case 'observer':
      return false;
  }
}

/** TLP limits on a seizure's distribution. Returns a problem, or null. */
export function seizureTlpProblem(tlp: Tlp, distribution: Distribution, namedCountries: number): string | null {
  if (tlp === 'RED') return distribution === 'own_unit' || (distribution === 'named' && namedCountries > 0) ? null : 'TLP:RED stays with the own unit or named countries';
  return tlpProblem(tlp, distribution, namedCountries);
}

/** The seizures a viewer's aggregates include (alias `s`). */
export function aggregatedSeizuresWhere(actor: Actor, alias = 's'): SQL {
  const s = sql.raw(alias);
  const restricted = sql`${s}.tlp IN ('RED', 'AMBER+STRICT')`;
  if (seesNoContents(actor)) return sql`NOT (${restricted})`;
  return sql`(NOT (${restricted}) OR ${visibleSharedRecordWhere(actor, alias)})`;
}

/**
 * The same rule over maintained statistics rows (seizure_stats, alias `a`; docs/decisions/0010): rows of
 * unrestricted seizures count for everyone; rows of restricted ones (TLP:RED, AMBER+STRICT — `restricted` is
 * computed with the list above) keep the records' unit, country, distribution, group and named countries, so
 * the shared-record rule decides them exactly as it decides the records themselves.
 */
export function aggregatedStatsWhere(actor: Actor, alias = 'a'): SQL {
  const a = sql.raw(alias);
  if (seesNoContents(actor)) return sql`NOT ${a}.restricted`;
  return sql`(NOT ${a}.restricted OR ${visibleSharedRecordWhere(actor, alias)})`;
}
