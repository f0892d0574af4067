import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { and, eq } from 'drizzle-orm';
import { jobs } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { errorResponses, IdParams } from '../schemas.ts';

export async function jobRoutes(app: FastifyInstance) {
  app.get(
    '/:id',
    {
      schema: {
        tags: ['system'],
        summary: 'A background job the caller started: state, progress, result',
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Record(Type.String(), Type.Unknown()) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const [job] = await app.store.db.select().from(jobs).where(and(eq(jobs.id, (request.params as { id: string }).id), eq(jobs.createdBy, actor.userId)));
      if (!job) throw notFound('Job');
      return { data: { id: job.id, name: job.name, state: job.state, progress: job.progress, result: job.result, lastError: job.lastError, createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null } };
    },
  );
}
