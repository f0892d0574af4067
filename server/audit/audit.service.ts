import { asc, desc, gt, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { chainHash, GENESIS_HASH, type ChainedContent } from './chain.ts';
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
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  await tx.insert(auditLog).values({ ...content, data: content.data as Record<string, unknown>, prevHash, hash: chainHash(prevHash, content) });
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
