/**
 * Who sees a warning — decided inside the SQL of every query (lists, reads, counts, matches).
 *  - Sender side: the sending unit's staff, and its country's national coordinator, in every state.
 *  - Receiver side, once sent: by distribution — network (every member country's staff), own_country,
 *    own_unit, named (a country's units, or one unit; a country's coordinator sees what is named to any of its
 *    units), group (members of the sharing group, see sharing.policy.ts).
 *  - Observers and network admins see no warning contents (aggregates only).
 * TLP is checked when a warning is created: RED needs named recipients; AMBER and AMBER+STRICT cannot go
 * network-wide.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Distribution, Tlp } from '../db/schema.ts';
import { groupMemberSqlFor, seesContentsSql, seesNoContents, viewerColumns, viewerOf, type ViewerSql } from './sharing.policy.ts';

export function visibleWarningsWhere(actor: Actor, alias = 'w'): SQL {
  if (seesNoContents(actor)) return sql`false`;
  return warningVisibleTo(viewerOf(actor), alias);
}

/**
 * The same rule for the users row aliased `u` (observers, network admins and users without a country see
 * nothing): delivery tests every candidate recipient of a notification with it, in one statement.
 */
export function warningVisibleToUserSql(u: string, alias = 'w'): SQL {
  return sql`(${seesContentsSql(u)} AND ${warningVisibleTo(viewerColumns(u), alias)})`;
}

function warningVisibleTo(v: ViewerSql, alias: string): SQL {
  const w = sql.raw(alias);
  return sql`(
    ${w}.sender_unit_id = ${v.unit}
    OR (${v.coordinator} AND ${w}.sender_country = ${v.country})
    OR (${w}.state = 'sent' AND (
         ${w}.distribution = 'network'
      OR (${w}.distribution = 'own_country' AND ${w}.sender_country = ${v.country})
      OR (${w}.distribution = 'named' AND EXISTS (
            SELECT 1 FROM warning_recipients r WHERE r.warning_id = ${w}.id AND r.country = ${v.country}
            AND (r.unit_id IS NULL OR r.unit_id = ${v.unit} OR ${v.coordinator})))
      OR (${w}.distribution = 'group' AND ${groupMemberSqlFor(v, sql`${w}.group_id`)})
    ))
  )`;
}

/** TLP 2.0 limits on distribution. Returns a problem, or null. */
export function tlpProblem(tlp: Tlp, distribution: Distribution, namedUnits: number): string | null {
  switch (tlp) {
    case 'RED':
      return distribution === 'named' && namedUnits > 0 ? null : 'TLP:RED goes to named units only';
    case 'AMBER+STRICT':
    case 'AMBER':
      return distribution === 'network' ? `TLP:${tlp} cannot be distributed network-wide` : null;
    case 'GREEN':
    case 'CLEAR':
      return null;
  }
}

/** Outgoing warnings of officers need their unit head's (or coordinator's) approval. */
export function needsApproval(actor: Actor): boolean {
  return actor.role === 'officer';
}

export function canApprove(actor: Actor, w: { senderUnitId: string; senderCountry: string; createdBy: string }): boolean {
  if (actor.userId === w.createdBy) return false;
  return (actor.role === 'unit_head' && actor.unitId === w.senderUnitId) || (actor.role === 'national_coordinator' && actor.country === w.senderCountry);
}

/**
 * TLP 2.0 re-sharing rules for forwarding a received warning (FIRST TLP 2.0):
 *  - CLEAR: no limit; GREEN: within the community — every recipient here is a network member, so no limit;
 *  - AMBER: the recipient's organisation and its clients on a need-to-know basis → units of the forwarder's own country;
 *  - AMBER+STRICT: the recipient's organisation only → never forwarded;
 *  - RED: the named recipients only → never forwarded.
 * Returns the rule that refuses the forward, or null.
 */
export function forwardRefusal(tlp: Tlp, forwarderCountry: string, recipients: { country: string }[]): string | null {
  switch (tlp) {
    case 'CLEAR':
    case 'GREEN':
      return null;
    case 'AMBER':
      return recipients.every((r) => r.country === forwarderCountry) ? null : 'TLP:AMBER may be forwarded only to units of your own country';
    case 'AMBER+STRICT':
      return 'TLP:AMBER+STRICT stays within the receiving unit and cannot be forwarded';
    case 'RED':
      return 'TLP:RED is for the named recipients only and cannot be forwarded';
  }
}
