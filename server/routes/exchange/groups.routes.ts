import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, Nullable, PageInfo, PageQuery, Uuid } from '../schemas.ts';
import { addGroupMember, createGroup, getGroup, listGroups, removeGroupMember } from '../../services/exchange/groups.service.ts';

const Member = Type.Object({ country: Iso2, unitId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false, description: 'A whole country (no unitId) or one unit' });
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    ownerUnitId: Type.Optional(Type.String({ format: 'uuid', description: "Coordinators name the owning unit of their country; a unit head's group is owned by their unit" })),
    members: Type.Optional(Type.Array(Member, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const Group = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  ownerUnitId: Uuid,
  ownerUnitCode: Nullable(Type.String()),
  ownerCountry: Type.String(),
  createdAt: Type.Unknown(),
  memberCount: Type.Optional(Type.Integer()),
  members: Type.Optional(Type.Array(Type.Object({ country: Type.String(), unitId: Nullable(Uuid), unitCode: Nullable(Type.String()), unitName: Nullable(Type.String()), addedAt: Type.Unknown() }))),
  can: Type.Object({ manage: Type.Boolean() }),
});

export async function groupRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Sharing groups the caller owns or belongs to (as a country or a unit)',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(Group), page: PageInfo }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { limit: number; offset: number };
      const { data, total } = await listGroups(app.store.db, request.actor(), q);
      return { data: data as unknown as Static<typeof Group>[], page: { total, limit: q.limit, offset: q.offset } };
    },
  );
  app.post(
    '/',
    { schema: { tags: ['exchange'], summary: 'Create a sharing group (unit head or national coordinator), optionally with first members', body: CreateBody, response: { 201: Type.Object({ data: Group }), ...errorResponses } } },
    async (request, reply) => {
      const actor = request.actor();
      const g = await createGroup(app.store.db, actor, request.auditCtx(), request.body as Static<typeof CreateBody>);
      return reply.status(201).send({ data: (await getGroup(app.store.db, actor, g.id)) as unknown as Static<typeof Group> });
    },
  );
  app.get('/:id', { schema: { tags: ['exchange'], summary: 'One group with its members (members and owner only; 404 otherwise)', params: IdParams, response: { 200: Type.Object({ data: Group }), ...errorResponses } } }, async (request) => ({
    data: (await getGroup(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Static<typeof Group>,
  }));
  app.post(
    '/:id/members',
    { schema: { tags: ['exchange'], summary: 'Admit a member country or unit (owner only)', params: IdParams, body: Member, response: { 201: Type.Object({ data: Type.Object({ groupId: Uuid, country: Type.String(), unitId: Nullable(Uuid) }) }), ...errorResponses } } },
    async (request, reply) => {
      const row = await addGroupMember(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof Member>);
      return reply.status(201).send({ data: row });
    },
  );
  app.delete(
    '/:id/members',
    { schema: { tags: ['exchange'], summary: 'Remove a member country or unit (owner only)', params: IdParams, querystring: Member, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await removeGroupMember(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.query as Static<typeof Member>);
      return reply.status(204).send();
    },
  );
}
