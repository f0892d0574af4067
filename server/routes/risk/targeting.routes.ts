import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams } from '../schemas.ts';
import { decide, inspectionsOf, recordInspection, riskOf, runSelection, targetingQueue } from '../../services/risk/targeting.service.ts';
import { DecisionBody, InspectionBody, SelectionBody } from './risk.schema.ts';

const Any = Type.Record(Type.String(), Type.Unknown());

export async function targetingRoutes(app: FastifyInstance) {
  app.get(
    '/queue',
    {
      schema: {
        tags: ['targeting'],
        summary: "A unit's incoming consignments ranked by risk score, with reasons and officer instructions",
        querystring: Type.Object(
          { unitId: Type.String({ format: 'uuid' }), includeDecided: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Any), unit: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { unitId: string; includeDecided?: boolean; limit: number; offset: number };
      const { unit, queue } = await targetingQueue(app.store.db, request.actor(), q.unitId, q);
      return { data: queue as unknown as Record<string, unknown>[], unit };
    },
  );

  app.post(
    '/selection',
    { schema: { tags: ['targeting'], summary: "Select within the unit's daily capacity, plus a random control sample", body: SelectionBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => {
      const body = request.body as Static<typeof SelectionBody>;
      const result = await runSelection(app.store.db, request.actor(), request.auditCtx(), body.unitId, body);
      return { data: result as unknown as Record<string, unknown> };
    },
  );
}

export async function consignmentActionRoutes(app: FastifyInstance) {
  app.post(
    '/:id/decision',
    { schema: { tags: ['targeting'], summary: 'Target, release or refer a consignment, with a comment', params: IdParams, body: DecisionBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => {
      const row = await decide(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof DecisionBody>);
      return { data: row as unknown as Record<string, unknown> };
    },
  );
  app.post(
    '/:id/inspections',
    { schema: { tags: ['targeting'], summary: 'Record an inspection result', params: IdParams, body: InspectionBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const row = await recordInspection(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof InspectionBody>);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.get(
    '/:id/risk',
    { schema: { tags: ['targeting'], summary: 'Risk score with reasons, targeting decision and inspection results of a consignment', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({ data: (await riskOf(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Record<string, unknown> }),
  );
  app.get(
    '/:id/inspections',
    { schema: { tags: ['targeting'], summary: 'Inspection results of a consignment', params: IdParams, response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses } } },
    async (request) => ({ data: (await inspectionsOf(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>[] }),
  );
}
