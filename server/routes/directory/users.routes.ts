import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createUser, getUser, listUsers, resetPassword, updateUser, type UserChanges, type UserInput } from '../../services/directory.service.ts';
import { presentUser, UserJson } from '../../presenters/directory.presenter.ts';
import { Data, errorResponses, IdParams, Iso2, LanguageSchema, Nullable, PagedList, PageQuery, RoleSchema, Uuid } from '../schemas.ts';
import type { Role } from '../../db/schema.ts';


export async function userRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Users the caller may see (admins all; coordinators their country; unit heads and officers their unit)',
        querystring: Type.Object(
          { country: Type.Optional(Iso2), unitId: Type.Optional(Uuid), role: Type.Optional(RoleSchema), q: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: PagedList(UserJson), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const q = request.query as { country?: string; unitId?: string; role?: Role; q?: string; limit: number; offset: number };
      const { rows, total } = await listUsers(app.store.db, actor, q, q);
      return { data: rows.map((r) => presentUser(actor, r)), page: { total, limit: q.limit, offset: q.offset } };
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['directory'], summary: 'One user (404 when outside the caller\'s scope)', params: IdParams, response: { 200: Data(UserJson), ...errorResponses } } },
    async (request) => {
      const actor = request.actor();
      return { data: presentUser(actor, await getUser(app.store.db, actor, (request.params as { id: string }).id)) };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Create a user. Without a password, a temporary one is returned once and must be changed at first login.',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
            role: RoleSchema,
            unitId: Type.Optional(Nullable(Uuid)),
            country: Type.Optional(Nullable(Iso2)),
            language: Type.Optional(LanguageSchema),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Data(Type.Object({ user: UserJson, temporaryPassword: Nullable(Type.String()) })), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      const { user, temporaryPassword } = await createUser(app.store.db, actor, request.auditCtx(), request.body as UserInput);
      return reply.status(201).send({ data: { user: presentUser(actor, user), temporaryPassword } });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Change a user (role, unit, disabled…) within the caller\'s scope',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
            role: Type.Optional(RoleSchema),
            unitId: Type.Optional(Nullable(Uuid)),
            country: Type.Optional(Nullable(Iso2)),
            disabled: Type.Optional(Type.Boolean()),
            language: Type.Optional(LanguageSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: Data(UserJson), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const user = await updateUser(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as UserChanges);
      return { data: presentUser(actor, user) };
    },
  );

  app.post(
    '/:id/reset-password',
    {
      schema: {
        tags: ['directory'],
        summary: 'Reset a user\'s password (and optionally their 2FA); the temporary password is returned once',
        params: IdParams,
        body: Type.Object({ resetTotp: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Data(Type.Object({ temporaryPassword: Type.String() })), ...errorResponses },
      },
    },
    async (request) => {
      const result = await resetPassword(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as { resetTotp?: boolean });
      return { data: result };
    },
  );
}
