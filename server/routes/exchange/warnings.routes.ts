import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, literals } from '../schemas.ts';
import { DISTRIBUTIONS, FEEDBACK_ACTIONS, FEEDBACK_RESULTS, FEEDBACK_STATUSES, TLP_LEVELS } from '../../db/schema.ts';
import { addFeedback, approveWarning, createWarning, listWarnings, readWarning, type WarningInput } from '../../services/exchange/warnings.service.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const CreateBody = Type.Object(
  {
    subject: Type.String({ minLength: 3, maxLength: 300 }),
    consignmentId: Type.Optional(Type.String({ format: 'uuid', description: 'Pre-fill the facts from this consignment ("refer to partner")' })),
    facts: Type.Optional(
      Type.Object(
        {
          containers: Type.Optional(Type.Array(Type.String({ maxLength: 15 }), { maxItems: 500 })),
          documents: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 })),
          vesselImo: Type.Optional(Type.String({ pattern: '^\\d{7}$' })),
          voyage: Type.Optional(Type.String({ maxLength: 20 })),
          parties: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }), role: Type.Optional(Type.String({ maxLength: 30 })), country: Type.Optional(Type.String({ maxLength: 2 })) }, { additionalProperties: false }), { maxItems: 50 })),
          route: Type.Optional(Type.Array(Type.String({ maxLength: 6 }), { maxItems: 20 })),
          goods: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
    reasons: Type.String({ minLength: 3, maxLength: 5000 }),
    requestedAction: Type.String({ minLength: 3, maxLength: 2000 }),
    deadline: Type.Optional(Day),
    tlp: literals(TLP_LEVELS),
    distribution: literals(DISTRIBUTIONS),
    recipients: Type.Optional(Type.Array(Type.Object({ country: Type.String({ pattern: '^[A-Z]{2}$' }), unitId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])) }, { additionalProperties: false }), { maxItems: 50 })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  },
  { additionalProperties: false },
);
const FeedbackBody = Type.Object(
  { status: literals(FEEDBACK_STATUSES), action: Type.Optional(literals(FEEDBACK_ACTIONS)), result: Type.Optional(literals(FEEDBACK_RESULTS)), notes: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);

export async function warningRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Warnings the caller may see: inbox (received), outbox (sent by the unit/country) or all',
        querystring: Type.Object({ box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('outbox'), Type.Literal('all')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { box?: 'inbox' | 'outbox' | 'all'; limit: number; offset: number };
      return { data: await listWarnings(app.store.db, request.actor(), { box: q.box ?? 'all', limit: q.limit, offset: q.offset }) };
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: "Create a warning. An officer's warning waits for the unit head's approval; others are sent at once and matched against receivers' cargo.",
        body: CreateBody,
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createWarning(app.store.db, request.actor(), request.auditCtx(), request.body as Static<typeof CreateBody> as WarningInput);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.get('/:id', { schema: { tags: ['exchange'], summary: 'One warning (the read is audited); the sender also sees feedback, matches and who read it', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await readWarning(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
  app.post('/:id/approve', { schema: { tags: ['exchange'], summary: "Four eyes: release an officer's warning (unit head or coordinator, not the author)", params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await approveWarning(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
  app.post('/:id/feedback', { schema: { tags: ['exchange'], summary: 'Feedback from a receiving unit: acknowledged, action taken, result', params: IdParams, body: FeedbackBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } }, async (request, reply) => {
    const row = await addFeedback(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof FeedbackBody>);
    return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
  });
}
