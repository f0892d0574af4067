import { asc, gt, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainedContent } from './chain.ts';
import type { AuditEvent } from './events.ts';

/** Who did it and from where; built once per request (or per CLI command). */
export interface AuditContext {
  actorUserId: string | null;
  actorUsername: string | null;
  actorTokenId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export const SYSTEM_CONTEXT: AuditContext = { actorUserId: null, actorUsername: 'system' };

export interface AuditTarget {
  /** Country whose coordinators may read the event. */
  country?: string | null;
  entityType?: string;
  entityId?: string;
}

/** Serialises chain appends across connections and processes (PostgreSQL) — held until the transaction ends. */
const AUDIT_LOCK_KEY = 72012;

/**
 * Appends an audit event. Call it with the transaction that makes the change, so the event and the
 * change commit (or roll back) together.
 */
export async function record(tx: DbOrTx, ctx: AuditContext, event: AuditEvent, target: AuditTarget = {}): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const content: ChainedContent = {
    at: new Date().toISOString(),
    type: event.type,
    actorUserId: ctx.actorUserId,
    actorUsername: ctx.actorUsername,
    actorTokenId: ctx.actorTokenId ?? null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    country: target.country ?? null,
    entityType: target.entityType ?? null,
    entityId: target.entityId ?? null,
    // Round-trip through JSON so the hashed value is exactly what jsonb gives back.
    data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
  };
  // The previous hash is read and the row written in one statement, taken after the lock (so it sees the
  // latest committed row); the database computes chainHash(prevHash, content) =
  // sha256(prevHash + "\n" + canonical JSON), the same function chain.ts verifies with.
  await tx.execute(sql`
    INSERT INTO audit_log (at, type, actor_user_id, actor_username, actor_token_id, ip, request_id, country, entity_type, entity_id, data, prev_hash, hash)
    SELECT ${content.at}::timestamptz, ${content.type}, ${content.actorUserId}::uuid, ${content.actorUsername}, ${content.actorTokenId}::uuid, ${content.ip},
      ${content.requestId}, ${content.country}, ${content.entityType}, ${content.entityId}, ${JSON.stringify(content.data)}::jsonb,
      prev.hash, encode(sha256(convert_to(prev.hash || chr(10) || ${canonicalJson(content)}, 'UTF8')), 'hex')
    FROM (SELECT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), ${GENESIS_HASH}) AS hash) prev`);
}

export type AuditVerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBadSeq: number; reason: 'hash_mismatch' | 'broken_link' };

/**
 * Walks the chain in order. Reports the first row whose content no longer matches its hash
 * (altered) or whose prevHash does not match the row before it (a row before it was removed or altered).
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditVerifyResult> {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(batchSize);
    if (batch.length === 0) return { ok: true, rows: count };
    for (const row of batch) {
      count++;
      if (row.prevHash !== prev) return { ok: false, rows: count, firstBadSeq: row.seq, reason: 'broken_link' };
      const content: ChainedContent = {
        at: new Date(row.at).toISOString(),
        type: row.type,
        actorUserId: row.actorUserId,
        actorUsername: row.actorUsername,
        actorTokenId: row.actorTokenId,
        ip: row.ip,
        requestId: row.requestId,
        country: row.country,
        entityType: row.entityType,
        entityId: row.entityId,
        data: row.data,
      };
      if (chainHash(row.prevHash, content) !== row.hash) {
        return { ok: false, rows: count, firstBadSeq: row.seq, reason: 'hash_mismatch' };
      }
      prev = row.hash;
      lastSeq = row.seq;
    }
  }
}
