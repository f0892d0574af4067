/**
 * Who is told about an exchange event. Candidates are chosen cheaply (by unit, country, role), then each
 * candidate is tested against the very rule that guards reads — so a notification never reaches someone who
 * would get 404 on its link. Warnings: one statement applies the read rule to every candidate users row
 * (warning.policy.ts warningVisibleToUserSql, the same SQL as visibleWarningsWhere). Requests: each candidate
 * is tested with visibleRequestsWhere, 100 per query.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../../db/client.ts';
import type { Role } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { warningVisibleToUserSql } from '../../policies/warning.policy.ts';
import { visibleRequestsWhere } from '../../policies/request.policy.ts';

export interface Candidate {
  id: string;
  username: string;
  role: Role;
  country: string | null;
  unitId: string | null;
}

const asActor = (u: Candidate): Actor => ({ userId: u.id, username: u.username, role: u.role, country: u.country, unitId: u.unitId, tokenId: null });

/** Enabled users matching `where` (an SQL condition on alias u). */
export async function candidates(tx: Tx, where: SQL): Promise<Candidate[]> {
  return rows<Candidate>(tx, sql`SELECT u.id, u.username, u.role, u.country, u.unit_id AS "unitId" FROM users u WHERE NOT u.disabled AND ${where} ORDER BY u.id`);
}

/** The candidates for whom `visible(actor)` holds for the record, each tested in SQL (100 per query). */
async function filterVisible(tx: Tx, people: Candidate[], recordExists: (actor: Actor) => SQL): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < people.length; i += 100) {
    const chunk = people.slice(i, i + 100);
    const union = sql.join(
      chunk.map((u) => sql`SELECT ${u.id}::uuid AS id WHERE EXISTS (${recordExists(asActor(u))})`),
      sql` UNION ALL `,
    );
    out.push(...(await rows<{ id: string }>(tx, union)).map((r) => r.id));
  }
  return out;
}

/**
 * A JSON array (ids in order) of the enabled users matching `candidates` — an SQL condition on the users row
 * `u` that may refer to the warning row `w` — who may read warning `w`. For use inside a query over `w`.
 */
export function warningAudienceSql(candidates: SQL): SQL {
  return sql`coalesce((SELECT json_agg(u.id ORDER BY u.id) FROM users u WHERE NOT u.disabled AND ${candidates} AND ${warningVisibleToUserSql('u', 'w')}), '[]'::json)`;
}

export function usersSeeingRequest(tx: Tx, requestId: string, people: Candidate[]): Promise<string[]> {
  return filterVisible(tx, people, (a) => sql`SELECT 1 FROM information_requests r WHERE r.id = ${requestId} AND ${visibleRequestsWhere(a)}`);
}
