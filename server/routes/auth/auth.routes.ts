import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { completeTotp, login, logout } from '../../services/auth.service.ts';
import { errorResponses } from '../schemas.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';

const LoginStatus = Type.Union([Type.Literal('ok'), Type.Literal('totp_required'), Type.Literal('totp_setup_required')]);
const LoginResponse = Type.Object({
  data: Type.Object({
    status: LoginStatus,
    mustChangePassword: Type.Boolean(),
    language: Type.String(),
  }),
});

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string) {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: app.settings.secureCookies,
    maxAge: app.settings.sessionTtlHours * 3600,
  });
}

export async function authRoutes(app: FastifyInstance) {
  app.post(
    '/login',
    {
      config: { auth: 'public', rateLimit: { max: app.authRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password (first factor)',
        description: 'Sets the HttpOnly session cookie. When status is totp_required, send the code to /auth/totp; when totp_setup_required, enrol via /me/totp/setup and /me/totp/enable.',
        security: [],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: LoginResponse, ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const body = request.body as { username: string; password: string };
      const result = await login(app.store.db, app.settings, { actorUserId: null, actorUsername: null, ip: request.ip, requestId: request.id }, {
        ...body,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(app, reply, result.sessionToken);
      return { data: { status: result.status, mustChangePassword: result.user.mustChangePassword, language: result.user.language } };
    },
  );

  app.post(
    '/totp',
    {
      config: { auth: 'pending', rateLimit: { max: app.authRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Second factor: a TOTP code or a recovery code',
        body: Type.Object(
          { code: Type.Optional(Type.String({ maxLength: 12 })), recoveryCode: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Object({ status: Type.Literal('ok'), mustChangePassword: Type.Boolean() }) }), ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (request) => {
      const body = request.body as { code?: string; recoveryCode?: string };
      if (!body.code && !body.recoveryCode) throw new AppError('VALIDATION_FAILED', 'body.code is required', { field: 'body.code' });
      if (!request.sessionId || !request.authUser) throw new AppError('UNAUTHENTICATED');
      await completeTotp(app.store.db, request.auditCtx(), request.sessionId, request.authUser, body);
      return { data: { status: 'ok' as const, mustChangePassword: request.authUser.mustChangePassword } };
    },
  );

  app.post(
    '/logout',
    {
      config: { auth: 'pending' },
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      if (request.sessionId && request.authUser) {
        await logout(app.store.db, { ...request.auditCtx(), actorUserId: request.authUser.id, actorUsername: request.authUser.username }, request.sessionId, request.authUser);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
}
