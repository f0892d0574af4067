/**
 * Who sees a request for information — decided inside the SQL of every list, read and count:
 *  - the sending unit's staff and its country's national coordinator;
 *  - the recipient unit's staff, or every unit of the recipient country when the request names no unit,
 *    and the recipient country's national coordinator;
 *  - never observers or network admins (no contents, aggregates only).
 * No four-eyes release for requests (see docs/exchange.md): a request carries a question, not intelligence;
 * the answers travel back under the reply's own TLP marking.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import { seesNoContents } from './sharing.policy.ts';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export function visibleRequestsWhere(actor: Actor, alias = 'r'): SQL {
  if (seesNoContents(actor)) return sql`false`;
  const r = sql.raw(alias);
  const unit = actor.unitId ?? NO_UNIT;
  const coordinator = actor.role === 'national_coordinator';
  return sql`(
    ${r}.sender_unit_id = ${unit}
    OR (${coordinator} AND ${r}.sender_country = ${actor.country})
    OR (${r}.recipient_country = ${actor.country} AND (${r}.recipient_unit_id IS NULL OR ${r}.recipient_unit_id = ${unit} OR ${coordinator}))
  )`;
}

/** The sending side (unit staff or its coordinator), as opposed to the receiving side. */
export function isRequestSender(actor: Actor, r: { senderUnitId: string; senderCountry: string }): boolean {
  return r.senderUnitId === actor.unitId || (actor.role === 'national_coordinator' && actor.country === r.senderCountry);
}

/** Writing requests and replies is for unit staff (a request and a reply come from a unit); coordinators read. */
export function canWriteRequests(actor: Actor): boolean {
  return !seesNoContents(actor) && Boolean(actor.unitId);
}
