import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { and, desc, eq, lt, like, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema.ts';
import { escapeLike } from '../../db/client.ts';
import { auditWhere } from '../../policies/directory.policy.ts';
import { forbidden } from '../../errors.ts';
import { errorResponses } from '../schemas.ts';

const AuditEventJson = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  type: Type.String(),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorTokenId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export async function auditRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (network admins: all; national coordinators: their country)',
        querystring: Type.Object(
          {
            type: Type.Optional(Type.String({ maxLength: 60, description: 'Exact type, or a prefix ending in "." (e.g. auth.)' })),
            entityType: Type.Optional(Type.String({ maxLength: 40 })),
            entityId: Type.Optional(Type.String({ maxLength: 60 })),
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Return events with seq below this (paging)' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(AuditEventJson), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const scope = auditWhere(actor);
      if (!scope.allowed) throw forbidden('audit.read');
      const q = request.query as { type?: string; entityType?: string; entityId?: string; before?: number; limit: number };
      const parts: (SQL | undefined)[] = [
        scope.where,
        q.type ? (q.type.endsWith('.') ? like(auditLog.type, `${escapeLike(q.type)}%`) : eq(auditLog.type, q.type)) : undefined,
        q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.before ? lt(auditLog.seq, q.before) : undefined,
      ];
      const present = parts.filter((p): p is SQL => p !== undefined);
      const rowsOut = await app.store.db
        .select()
        .from(auditLog)
        .where(present.length ? and(...present) : undefined)
        .orderBy(desc(auditLog.seq))
        .limit(q.limit);
      return {
        data: rowsOut.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
        nextBefore: rowsOut.length === q.limit ? rowsOut[rowsOut.length - 1]!.seq : null,
      };
    },
  );
}
