import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, literals, Nullable, PageInfo, PageQuery, Uuid, Day } from '../schemas.ts';
import { REQUEST_STATES, TLP_LEVELS } from '../../db/schema.ts';
import { closeRequest, createRequest, HINT_KINDS, listRequests, readRequest, replyToRequest, type RequestInput } from '../../services/exchange/requests.service.ts';

const Any = Type.Record(Type.String(), Type.Unknown());

const CreateBody = Type.Object(
  {
    recipientCountry: Iso2,
    recipientUnitId: Type.Optional(Nullable(Uuid)),
    subject: Type.String({ minLength: 3, maxLength: 300 }),
    body: Type.String({ minLength: 3, maxLength: 10000 }),
    tlp: literals(TLP_LEVELS),
    warningId: Type.Optional(Type.String({ format: 'uuid', description: 'A warning the caller may see' })),
    consignmentId: Type.Optional(Type.String({ format: 'uuid', description: "One of the caller's country's consignments" })),
    hint: Type.Optional(
      Type.Object(
        { kind: literals(HINT_KINDS), value: Type.String({ minLength: 1, maxLength: 300, description: "The caller's own value that produced the correlation hint" }) },
        { additionalProperties: false, description: 'A correlation hint from GET /api/v1/correlations: "another country holds related information"' },
      ),
    ),
    deadline: Type.Optional(Day),
  },
  { additionalProperties: false },
);
const ReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('outbox'), Type.Literal('all')], { default: 'all' })),
    state: Type.Optional(literals(REQUEST_STATES)),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in subject or body' })),
    warningId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export async function requestRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Requests for information the caller may see: inbox (to the unit/country), outbox (from it) or all; paged and filterable',
        querystring: ListQuery,
        response: { 200: Type.Object({ data: Type.Array(Any), page: PageInfo }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof ListQuery> & { limit: number; offset: number };
      const { data, total } = await listRequests(app.store.db, request.actor(), { ...q, box: q.box ?? 'all' });
      return { data, page: { total, limit: q.limit, offset: q.offset } };
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Send a request for information to a country (any of its units) or one unit; optionally about a warning, a consignment or a correlation hint',
        body: CreateBody,
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createRequest(app.store.db, request.actor(), request.auditCtx(), request.body as RequestInput);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.get('/:id', { schema: { tags: ['exchange'], summary: 'One request with its replies (the read is audited)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await readRequest(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
  app.post(
    '/:id/replies',
    { schema: { tags: ['exchange'], summary: "Reply in the request's thread; a reply from the receiving side marks it answered", params: IdParams, body: ReplyBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const row = await replyToRequest(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof ReplyBody>);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.post('/:id/close', { schema: { tags: ['exchange'], summary: 'Close the request (sending side)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await closeRequest(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
}
