import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createUnit, getUnit, listUnits, updateUnit, type UnitInput } from '../../services/directory.service.ts';
import { presentUnit, UnitJson } from '../../presenters/directory.presenter.ts';
import { Data, errorResponses, IdParams, Iso2, Locode, PagedList, PageQuery, UnitKindSchema, Uuid } from '../schemas.ts';
import type { UnitKind } from '../../db/schema.ts';

const UnitCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$', description: 'Short code, e.g. GE-PTI-PCU' });

export async function unitRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Units (PCU, ACCU, land-border units, headquarters)',
        querystring: Type.Object({ country: Type.Optional(Iso2), kind: Type.Optional(UnitKindSchema), q: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery }, { additionalProperties: false }),
        response: { 200: PagedList(UnitJson), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const q = request.query as { country?: string; kind?: UnitKind; q?: string; limit: number; offset: number };
      const { rows, total } = await listUnits(app.store.db, q, q);
      return { data: rows.map((r) => presentUnit(actor, r)), page: { total, limit: q.limit, offset: q.offset } };
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['directory'], summary: 'One unit', params: IdParams, response: { 200: Data(UnitJson), ...errorResponses } } },
    async (request) => ({ data: presentUnit(request.actor(), await getUnit(app.store.db, (request.params as { id: string }).id)) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Create a unit (network admin, or the country\'s national coordinator)',
        body: Type.Object(
          {
            code: UnitCode,
            name: Type.String({ minLength: 2, maxLength: 200 }),
            nameRu: Type.Optional(Type.String({ maxLength: 200 })),
            kind: UnitKindSchema,
            country: Iso2,
            agencyId: Uuid,
            locode: Locode,
            dailyCapacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Data(UnitJson), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      const unit = await createUnit(app.store.db, actor, request.auditCtx(), request.body as UnitInput);
      return reply.status(201).send({ data: presentUnit(actor, unit) });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Change a unit (unit heads: name and daily capacity of their own unit)',
        params: IdParams,
        body: Type.Object(
          {
            code: Type.Optional(UnitCode),
            name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
            nameRu: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            kind: Type.Optional(UnitKindSchema),
            agencyId: Type.Optional(Uuid),
            locode: Type.Optional(Locode),
            dailyCapacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Data(UnitJson), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const unit = await updateUnit(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as Partial<UnitInput>);
      return { data: presentUnit(actor, unit) };
    },
  );
}
