import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createAgency, getAgency, listAgencies, updateAgency } from '../../services/directory.service.ts';
import { AgencyJson, presentAgency } from '../../presenters/directory.presenter.ts';
import { AgencyKindSchema, Data, errorResponses, IdParams, Iso2 } from '../schemas.ts';
import type { AgencyKind } from '../../db/schema.ts';

export async function agencyRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Agencies (customs, border guard, police, drug control…)',
        querystring: Type.Object({ country: Type.Optional(Iso2) }, { additionalProperties: false }),
        response: { 200: Data(Type.Array(AgencyJson)), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const rowsOut = await listAgencies(app.store.db, request.query as { country?: string });
      return { data: rowsOut.map((r) => presentAgency(actor, r)) };
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['directory'], summary: 'One agency', params: IdParams, response: { 200: Data(AgencyJson), ...errorResponses } } },
    async (request) => ({ data: presentAgency(request.actor(), await getAgency(app.store.db, (request.params as { id: string }).id)) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Create an agency (network admin, or the country\'s national coordinator)',
        body: Type.Object(
          { country: Iso2, name: Type.String({ minLength: 2, maxLength: 200 }), nameRu: Type.Optional(Type.String({ maxLength: 200 })), kind: AgencyKindSchema },
          { additionalProperties: false },
        ),
        response: { 201: Data(AgencyJson), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      const row = await createAgency(app.store.db, actor, request.auditCtx(), request.body as { country: string; name: string; nameRu?: string; kind: AgencyKind });
      return reply.status(201).send({ data: presentAgency(actor, row) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Change an agency',
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })), nameRu: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])), kind: Type.Optional(AgencyKindSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Data(AgencyJson), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const row = await updateAgency(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as { name?: string });
      return { data: presentAgency(actor, row) };
    },
  );
}
