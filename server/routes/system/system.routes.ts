import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';

export async function systemRoutes(app: FastifyInstance) {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), version: Type.String() }) },
      },
    },
    async () => {
      await app.store.db.execute(sql`SELECT 1`);
      return { status: 'ok' as const, database: app.store.kind, version: '0.1.0' };
    },
  );
}
