/**
 * Hash chain over audit rows: hash = sha256(prevHash + "\n" + canonical JSON of the row's content).
 * Altering a row breaks its own hash; removing one breaks the next row's prevHash link.
 *
 * Example: chainHash(GENESIS_HASH, { at: '2026-11-28T10:00:00.000Z', type: 'auth.login', … })
 */
import crypto from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedContent {
  at: string;
  type: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorTokenId: string | null;
  ip: string | null;
  requestId: string | null;
  country: string | null;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
}

export function chainHash(prevHash: string, content: ChainedContent): string {
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
