import type { Role } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';

/** The authenticated user a request (or CLI command) acts as. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  country: string | null;
  unitId: string | null;
  /** Set when the request came with an API token. */
  tokenId: string | null;
}

export function auditContextOf(actor: Actor | null, extra: { ip?: string | null; requestId?: string | null } = {}): AuditContext {
  return {
    actorUserId: actor?.userId ?? null,
    actorUsername: actor?.username ?? null,
    actorTokenId: actor?.tokenId ?? null,
    ip: extra.ip ?? null,
    requestId: extra.requestId ?? null,
  };
}
