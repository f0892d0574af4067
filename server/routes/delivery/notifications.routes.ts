import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Data, errorResponses, literals, Nullable, PagedList, PageQuery, Timestamp } from '../schemas.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../services/delivery/kinds.ts';
import { listNotifications, markAllRead, markRead, notificationCounts } from '../../services/delivery/notifications.service.ts';
import type { Subscriber } from '../../services/delivery/hub.ts';

const Kind = literals(NOTIFICATION_KINDS);
const Notification = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  title: Type.String({ description: 'No sensitive contents: sender unit, TLP, due date' }),
  link: Type.String({ description: 'Path in the web UI, e.g. /warnings/<id>' }),
  refType: Type.String(),
  refId: Type.String(),
  dueAt: Nullable(Timestamp),
  readAt: Nullable(Timestamp),
  createdAt: Timestamp,
  overdue: Type.Boolean({ description: 'Due date passed and (for a warning) no feedback from your country yet' }),
});
const Counts = Type.Object({ unread: Type.Integer(), overdue: Type.Integer() });
const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only unread ones' })),
    overdue: Type.Optional(Type.Boolean({ description: 'Only overdue ones' })),
    kind: Type.Optional(Kind),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const NotificationParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function notificationRoutes(app: FastifyInstance) {
  const db = app.store.db;
  app.get(
    '/',
    { schema: { tags: ['delivery'], summary: 'My notifications, newest first (filters: unread, overdue, kind; paged)', querystring: ListQuery, response: { 200: PagedList(Notification), ...errorResponses } } },
    async (request) => {
      const q = request.query as { unread?: boolean; overdue?: boolean; kind?: NotificationKind; limit: number; offset: number };
      const { data, total } = await listNotifications(db, request.actor(), q);
      return { data, page: { total, limit: q.limit, offset: q.offset } };
    },
  );
  app.get('/count', { schema: { tags: ['delivery'], summary: 'Unread and overdue-unread counts (the bell)', response: { 200: Data(Counts), ...errorResponses } } }, async (request) => ({
    data: await notificationCounts(db, request.actor()),
  }));
  app.post(
    '/:id/read',
    { schema: { tags: ['delivery'], summary: 'Mark one of my notifications read', params: NotificationParams, response: { 200: Data(Notification), ...errorResponses } } },
    async (request) => ({ data: await markRead(db, request.actor(), (request.params as { id: number }).id) }),
  );
  app.post(
    '/read-all',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Mark all my unread notifications read (optionally one kind, or those about one record)',
        body: Type.Optional(Type.Object({ kind: Type.Optional(Kind), refId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false })),
        response: { 200: Data(Type.Object({ updated: Type.Integer() })), ...errorResponses },
      },
    },
    async (request) => ({ data: { updated: await markAllRead(db, request.actor(), (request.body as { kind?: NotificationKind; refId?: string } | undefined) ?? {}) } }),
  );
  app.get(
    '/stream',
    {
      schema: {
        tags: ['delivery'],
        summary:
          'Server-Sent Events: `ready` {unread, overdue} on connect, `notification` {…} on each new one, `: ping` comments as heartbeat, `bye` {reason} before the server closes the stream (logout, shutdown)',
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      const counts = await notificationCounts(db, actor);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
      });
      let open = true;
      let off = () => {};
      const write = (text: string) => {
        if (open && !res.writableEnded) res.write(text);
      };
      const subscriber: Subscriber = {
        userId: actor.userId,
        sessionId: request.sessionId,
        tokenId: actor.tokenId,
        push: (event, data, id) => write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        comment: (text) => write(`: ${text}\n\n`),
        close: (reason) => {
          if (!open) return;
          write(`event: bye\ndata: ${JSON.stringify({ reason })}\n\n`);
          open = false;
          off();
          res.end();
        },
      };
      off = app.notificationHub.subscribe(subscriber);
      res.on('close', () => {
        open = false;
        off();
      });
      write('retry: 5000\n\n');
      subscriber.push('ready', counts);
    },
  );
}
