import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { AppError, notFound } from '../../errors.ts';
import { units } from '../../db/schema.ts';
import { beginTotpSetup, changePassword, createApiToken, enableTotp, listApiTokens, revokeApiToken, totpRequiredFor } from '../../services/auth.service.ts';
import { setLanguage } from '../../services/directory.service.ts';
import { Data, errorResponses, IdParams, Iso2, LanguageSchema, NullableTimestamp, RoleSchema, Timestamp, Uuid } from '../schemas.ts';
import { ASSIGNABLE_ROLES, AUDIT_SCOPE } from '../../policies/directory.policy.ts';

const MeJson = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  country: Type.Union([Iso2, Type.Null()]),
  unit: Type.Union([Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }), Type.Null()]),
  language: LanguageSchema,
  totpEnabled: Type.Boolean(),
  totpRequired: Type.Boolean(),
  mfaPassed: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  can: Type.Object({
    listUsers: Type.Boolean(),
    manageUsers: Type.Boolean(),
    assignableRoles: Type.Array(RoleSchema),
    manageUnits: Type.Boolean(),
    readAudit: Type.Boolean(),
  }),
});

const TokenJson = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  expiresAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function meRoutes(app: FastifyInstance) {
  app.get(
    '/',
    { config: { auth: 'pending' }, schema: { tags: ['me'], summary: 'The logged-in user, session state and abilities', response: { 200: Data(MeJson), ...errorResponses } } },
    async (request) => {
      const user = request.authUser!;
      const [unit] = user.unitId ? await app.store.db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, user.unitId)) : [];
      const assignable = ASSIGNABLE_ROLES[user.role];
      return {
        data: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          country: user.country,
          unit: unit ?? null,
          language: user.language === 'ru' ? ('ru' as const) : ('en' as const),
          totpEnabled: user.totpEnabled,
          totpRequired: totpRequiredFor(app.settings, user.role),
          mfaPassed: request.mfaPassed,
          mustChangePassword: user.mustChangePassword,
          can: {
            listUsers: user.role !== 'observer',
            manageUsers: assignable.length > 0,
            assignableRoles: [...assignable],
            manageUnits: user.role === 'network_admin' || user.role === 'national_coordinator' || user.role === 'unit_head',
            readAudit: AUDIT_SCOPE[user.role] !== null,
          },
        },
      };
    },
  );

  app.patch(
    '/',
    {
      config: { auth: 'pending' },
      schema: {
        tags: ['me'],
        summary: 'Change own preferences (language)',
        body: Type.Object({ language: LanguageSchema }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = request.authUser!;
      const { language } = request.body as { language: 'en' | 'ru' };
      await setLanguage(app.store.db, { ...request.auditCtx(), actorUserId: user.id, actorUsername: user.username }, user, language);
      return reply.status(204).send();
    },
  );

  app.post(
    '/password',
    {
      config: { auth: 'pending', rateLimit: { max: app.authRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['me'],
        summary: 'Change own password (ends other sessions)',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = request.authUser!;
      // Allowed while a forced change is pending, but never before the second factor.
      if (!request.mfaPassed) throw new AppError(user.totpEnabled ? 'TOTP_REQUIRED' : 'TOTP_SETUP_REQUIRED');
      const body = request.body as { currentPassword: string; newPassword: string };
      await changePassword(app.store.db, { ...request.auditCtx(), actorUserId: user.id, actorUsername: user.username }, user, body.currentPassword, body.newPassword, request.sessionId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/totp/setup',
    {
      config: { auth: 'pending' },
      schema: {
        tags: ['me'],
        summary: 'Start TOTP enrolment: returns the secret, otpauth URL and a QR code (SVG)',
        response: { 200: Data(Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrSvg: Type.String() })), ...errorResponses },
      },
    },
    async (request) => {
      // A session still waiting for its TOTP code must not be able to replace the secret.
      if (request.authUser!.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED');
      return { data: await beginTotpSetup(app.store.db, request.authUser!) };
    },
  );

  app.post(
    '/totp/enable',
    {
      config: { auth: 'pending', rateLimit: { max: app.authRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['me'],
        summary: 'Confirm TOTP enrolment with a first code; returns one-time recovery codes',
        body: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false }),
        response: { 200: Data(Type.Object({ recoveryCodes: Type.Array(Type.String()) })), ...errorResponses },
      },
    },
    async (request) => {
      const user = request.authUser!;
      const codes = await enableTotp(app.store.db, { ...request.auditCtx(), actorUserId: user.id, actorUsername: user.username }, request.sessionId, user, (request.body as { code: string }).code);
      return { data: { recoveryCodes: codes } };
    },
  );

  app.get(
    '/tokens',
    { schema: { tags: ['me'], summary: 'Own API tokens', response: { 200: Data(Type.Array(TokenJson)), ...errorResponses } } },
    async (request) => {
      const rowsOut = await listApiTokens(app.store.db, request.actor().userId);
      return { data: rowsOut.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt) })) };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Create an API token (the value is shown once)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, { additionalProperties: false }),
        response: { 201: Data(Type.Object({ token: Type.String(), id: Uuid })), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      const body = request.body as { name: string; expiresInDays?: number };
      const expires = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
      const created = await createApiToken(app.store.db, request.auditCtx(), { id: actor.userId, username: actor.username, country: actor.country }, body.name, expires);
      return reply.status(201).send({ data: { token: created.token, id: created.record.id } });
    },
  );

  app.delete(
    '/tokens/:id',
    { schema: { tags: ['me'], summary: 'Revoke an own API token', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const actor = request.actor();
      const ok = await revokeApiToken(app.store.db, request.auditCtx(), (request.params as { id: string }).id, { id: actor.userId, country: actor.country });
      if (!ok) throw notFound('Token');
      return reply.status(204).send();
    },
  );
}
