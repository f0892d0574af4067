/**
 * Authentication for every request: an API token (`Authorization: Bearer iren_…`) or the session cookie.
 * Routes choose how much they need with `config.auth`:
 *  - 'public'  — no login (health, login itself)
 *  - 'pending' — a session whose second factor or forced password change is not done yet
 *  - 'user'    — (default) a fully authenticated user
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { users } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { auditContextOf } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { actorOf, resolveApiToken, resolveSession, totpRequiredFor } from '../../services/auth.service.ts';
import type { AuditContext } from '../../audit/audit.service.ts';

export const SESSION_COOKIE = 'iren_session';

type UserRow = typeof users.$inferSelect;

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: 'public' | 'pending' | 'user';
  }
  interface FastifyRequest {
    authUser: UserRow | null;
    actorOrNull: Actor | null;
    sessionId: string | null;
    mfaPassed: boolean;
    /** The authenticated actor; throws UNAUTHENTICATED when there is none. */
    actor(): Actor;
    auditCtx(): AuditContext;
  }
}

export const authPlugin = fp(async (app) => {
  app.decorateRequest('authUser', null);
  app.decorateRequest('actorOrNull', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('mfaPassed', false);
  app.decorateRequest('actor', function (this: FastifyRequest) {
    if (!this.actorOrNull) throw new AppError('UNAUTHENTICATED');
    return this.actorOrNull;
  });
  app.decorateRequest('auditCtx', function (this: FastifyRequest) {
    return auditContextOf(this.actorOrNull, { ip: this.ip, requestId: this.id });
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const db = app.store.db;
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const resolved = m ? await resolveApiToken(db, m[1]!, { actorUserId: null, actorUsername: null, ip: request.ip, requestId: request.id, method: request.method, route: request.routeOptions.url ?? request.url }) : null;
      if (!resolved) throw new AppError('UNAUTHENTICATED', 'The API token is not valid, expired or revoked');
      request.authUser = resolved.user;
      request.mfaPassed = true;
      request.actorOrNull = actorOf(resolved.user, resolved.tokenId);
      return;
    }
    const cookieValue = request.cookies[SESSION_COOKIE];
    if (!cookieValue) return;
    const session = await resolveSession(db, cookieValue);
    if (!session) return;
    request.authUser = session.user;
    request.sessionId = session.sessionId;
    // A session made before 2FA became required for this user still has to pass it.
    const needsTotp = totpRequiredFor(app.settings, session.user.role);
    request.mfaPassed = session.mfaPassed && (!needsTotp || session.user.totpEnabled);
    if (request.mfaPassed && !session.user.mustChangePassword) request.actorOrNull = actorOf(session.user);
  });

  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const level = request.routeOptions.config?.auth ?? 'user';
    if (level === 'public' || !request.url.startsWith('/api/')) return;
    if (!request.authUser) throw new AppError('UNAUTHENTICATED');
    if (level === 'pending') return;
    if (!request.mfaPassed) {
      throw new AppError(request.authUser.totpEnabled ? 'TOTP_REQUIRED' : 'TOTP_SETUP_REQUIRED');
    }
    if (request.authUser.mustChangePassword && !request.headers.authorization) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  });
});
