/** The learned risk model's versions: list, model card, train now, activate, roll back. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, Nullable } from '../schemas.ts';
import { forbidden, notFound } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { rescoreJob } from '../../jobs/risk.job.ts';
import { retrainModelJob } from '../../jobs/model.job.ts';
import { canManageModel, canSeeModel } from '../../policies/model.policy.ts';
import { activateModelVersion, getModelVersion, listModelVersions, rollbackModel } from '../../services/risk/model.service.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const ScopeBody = Type.Object({ country: Nullable(Iso2) }, { additionalProperties: false, description: 'country null = the network model' });
const ListQuery = Type.Object({ country: Type.Optional(Type.Union([Iso2, Type.Literal('network')])) }, { additionalProperties: false });

export async function modelRoutes(app: FastifyInstance) {
  /** A new active version changes scores: re-score the last 30 days in the background. */
  const rescore = (userId: string) => enqueue(app.store.db, rescoreJob.name, { days: 30 }, { createdBy: userId });

  app.get('/models', { schema: { tags: ['risk'], summary: 'Learned-model versions the caller may see (network model; own country\'s model)', querystring: ListQuery, response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses } } }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const country = q.country === undefined ? undefined : q.country === 'network' ? null : q.country;
    return { data: await listModelVersions(app.store.db, request.actor(), { country }) };
  });
  app.get('/models/:id', { schema: { tags: ['risk'], summary: 'Model card: metrics (all inspected and random control sample), training range, top features, drift', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: await getModelVersion(app.store.db, request.actor(), (request.params as { id: string }).id),
  }));
  app.post('/models/train', { schema: { tags: ['risk'], summary: 'Train a new candidate version now (job model.retrain); network admin for the network model, national coordinator for the country\'s', body: ScopeBody, response: { 202: Type.Object({ data: Type.Object({ jobId: Nullable(Type.String()) }) }), ...errorResponses } } }, async (request, reply) => {
    const actor = request.actor();
    const { country } = request.body as Static<typeof ScopeBody>;
    if (!canManageModel(actor, country)) throw canSeeModel(actor, country) ? forbidden('model.train') : notFound('Model');
    const jobId = await enqueue(app.store.db, retrainModelJob.name, { country, requestedBy: actor.userId, requestedByName: actor.username }, { createdBy: actor.userId, maxAttempts: 1 });
    return reply.status(202).send({ data: { jobId } });
  });
  app.post('/models/:id/activate', { schema: { tags: ['risk'], summary: 'Make this version the active one of its scope (refused when trained on too few positives)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const row = await activateModelVersion(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id);
    await rescore(actor.userId);
    return { data: await getModelVersion(app.store.db, actor, row.id) };
  });
  app.post('/models/rollback', { schema: { tags: ['risk'], summary: 'Retire the active version and re-activate the one active before it', body: ScopeBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const row = await rollbackModel(app.store.db, actor, request.auditCtx(), request.body as Static<typeof ScopeBody>);
    await rescore(actor.userId);
    return { data: await getModelVersion(app.store.db, actor, row.id) };
  });
}
