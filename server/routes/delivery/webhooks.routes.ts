import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { Data, errorResponses, IdParams, Iso2, literals, Nullable, PagedList, PageQuery, Timestamp, Uuid } from '../schemas.ts';
import { WEBHOOK_DELIVERY_STATES } from '../../db/schema.ts';
import { NOTIFICATION_KINDS } from '../../services/delivery/kinds.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, updateWebhook, type WebhookInput } from '../../services/delivery/webhooks.service.ts';

const Events = Type.Array(literals(NOTIFICATION_KINDS), { minItems: 1, maxItems: NOTIFICATION_KINDS.length, description: 'Events to deliver' });
const Url = Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL of the national system' });
const Webhook = Type.Object({
  id: Uuid,
  country: Type.String(),
  unitId: Nullable(Uuid),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdBy: Uuid,
  createdAt: Timestamp,
  can: Type.Object({ update: Type.Boolean(), delete: Type.Boolean() }),
});
const CreateBody = Type.Object(
  {
    url: Url,
    events: Events,
    country: Type.Optional({ ...Iso2, description: 'Network admin only; a coordinator creates for their own country' }),
    unitId: Type.Optional(Nullable(Uuid)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object({ url: Type.Optional(Url), events: Type.Optional(Events), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });
const Delivery = Type.Object({
  id: Uuid,
  webhookId: Uuid,
  event: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  state: literals(WEBHOOK_DELIVERY_STATES),
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export async function webhookRoutes(app: FastifyInstance) {
  const db = app.store.db;
  app.get('/', { schema: { tags: ['delivery'], summary: "Webhooks I manage (coordinator: own country's; network admin: all)", response: { 200: Data(Type.Array(Webhook)), ...errorResponses } } }, async (request) => ({
    data: await listWebhooks(db, request.actor()),
  }));
  app.post(
    '/',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Create a webhook. The signing secret is in the answer only this once.',
        body: CreateBody,
        response: { 201: Data(Type.Object({ webhook: Webhook, secret: Type.String({ description: 'HMAC-SHA256 key for X-Iren-Signature; shown once' }) })), ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send({ data: await createWebhook(db, request.actor(), request.auditCtx(), request.body as Static<typeof CreateBody> as WebhookInput) }),
  );
  app.patch(
    '/:id',
    { schema: { tags: ['delivery'], summary: 'Change the URL, the events or switch a webhook on/off', params: IdParams, body: UpdateBody, response: { 200: Data(Webhook), ...errorResponses } } },
    async (request) => ({ data: await updateWebhook(db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof UpdateBody> as Partial<WebhookInput>) }),
  );
  app.delete('/:id', { schema: { tags: ['delivery'], summary: 'Delete a webhook and its delivery log', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteWebhook(db, request.actor(), request.auditCtx(), (request.params as { id: string }).id);
    return reply.status(204).send();
  });
  app.get(
    '/:id/deliveries',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Delivery log: each event sent, attempts, last HTTP status or error, state',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: PagedList(Delivery), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { limit: number; offset: number };
      const { data, total } = await listDeliveries(db, request.actor(), (request.params as { id: string }).id, q);
      return { data, page: { total, limit: q.limit, offset: q.offset } };
    },
  );
}
