/**
 * Who is told about an exchange event. Candidates are chosen cheaply (by unit, country, role), then each
 * candidate is tested against the very SQL predicate that guards reads (visibleWarningsWhere /
 * visibleRequestsWhere) — so a notification never reaches someone who would get 404 on its link.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../../db/client.ts';
import type { Role } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
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

export function usersSeeingWarning(tx: Tx, warningId: string, people: Candidate[]): Promise<string[]> {
  return filterVisible(tx, people, (a) => sql`SELECT 1 FROM warnings w WHERE w.id = ${warningId} AND ${visibleWarningsWhere(a)}`);
}

export function usersSeeingRequest(tx: Tx, requestId: string, people: Candidate[]): Promise<string[]> {
  return filterVisible(tx, people, (a) => sql`SELECT 1 FROM information_requests r WHERE r.id = ${requestId} AND ${visibleRequestsWhere(a)}`);
}
