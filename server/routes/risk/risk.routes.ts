import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams } from '../schemas.ts';
import { canWriteOwned } from '../../policies/risk.policy.ts';
import { createRiskList, getRiskList, listRiskLists, updateRiskList } from '../../services/risk/lists.service.ts';
import { addProfileVersion, createProfile, getProfile, listProfiles, setProfileState, testOnHistory } from '../../services/risk/profiles.service.ts';
import { enqueue } from '../../jobs/queue.ts';
import { rescoreJob } from '../../jobs/risk.job.ts';
import type { Actor } from '../../auth/actor.ts';
import { ruleBuilderRoutes } from './rule-builder.routes.ts';
import { CreateListBody, CreateProfileBody, ListJson, ProfileJson, StateBody, TestBody, UpdateListBody, VersionBody } from './risk.schema.ts';

const Any = Type.Record(Type.String(), Type.Unknown());

function presentList(actor: Actor, row: Awaited<ReturnType<typeof getRiskList>>) {
  return { ...row, can: { update: canWriteOwned(actor, row) } };
}
function presentProfile(actor: Actor, row: Awaited<ReturnType<typeof listProfiles>>[number]) {
  return { id: row.id, name: row.name, ownerScope: row.ownerScope, ownerCountry: row.ownerCountry, ownerUnitId: row.ownerUnitId, state: row.state, currentVersion: row.currentVersion, validFrom: row.validFrom, validTo: row.validTo, can: { update: canWriteOwned(actor, row) } };
}

/** Profiles and lists changed: re-score recent consignments in the background. */
async function scheduleRescore(app: FastifyInstance, actor: Actor) {
  await enqueue(app.store.db, rescoreJob.name, { days: 30 }, { createdBy: actor.userId });
}

export async function riskRoutes(app: FastifyInstance) {
  await app.register(ruleBuilderRoutes);
  app.get('/lists', { schema: { tags: ['risk'], summary: 'Lists usable in rules (network, own country, own units)', response: { 200: Type.Object({ data: Type.Array(ListJson) }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    return { data: (await listRiskLists(app.store.db, actor)).map((r) => presentList(actor, r)) };
  });
  app.get('/lists/:id', { schema: { tags: ['risk'], summary: 'One list', params: IdParams, response: { 200: Type.Object({ data: ListJson }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    return { data: presentList(actor, await getRiskList(app.store.db, actor, (request.params as { id: string }).id)) };
  });
  app.post('/lists', { schema: { tags: ['risk'], summary: 'Create a list (ports, countries, HS prefixes, companies…)', body: CreateListBody, response: { 201: Type.Object({ data: ListJson }), ...errorResponses } } }, async (request, reply) => {
    const actor = request.actor();
    const row = await createRiskList(app.store.db, actor, request.auditCtx(), request.body as Static<typeof CreateListBody>);
    await scheduleRescore(app, actor);
    return reply.status(201).send({ data: presentList(actor, row) });
  });
  app.patch('/lists/:id', { schema: { tags: ['risk'], summary: 'Change a list\'s items', params: IdParams, body: UpdateListBody, response: { 200: Type.Object({ data: ListJson }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const row = await updateRiskList(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof UpdateListBody>);
    await scheduleRescore(app, actor);
    return { data: presentList(actor, row) };
  });

  app.get('/profiles', { schema: { tags: ['risk'], summary: 'Risk profiles the caller may see', response: { 200: Type.Object({ data: Type.Array(ProfileJson) }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    return { data: (await listProfiles(app.store.db, actor)).map((p) => presentProfile(actor, p)) };
  });
  app.get('/profiles/:id', { schema: { tags: ['risk'], summary: 'A profile with its versions and per-version performance (hits, selected, inspected, positive, hit rate)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const detail = await getProfile(app.store.db, actor, (request.params as { id: string }).id);
    return { data: { ...presentProfile(actor, detail.profile), versions: detail.versions, performance: detail.performance } };
  });
  app.post('/profiles', { schema: { tags: ['risk'], summary: 'Create a profile (as a draft; version 1). Rule errors name line and column.', body: CreateProfileBody, response: { 201: Type.Object({ data: ProfileJson }), ...errorResponses } } }, async (request, reply) => {
    const actor = request.actor();
    const row = await createProfile(app.store.db, actor, request.auditCtx(), request.body as Static<typeof CreateProfileBody>);
    return reply.status(201).send({ data: presentProfile(actor, row) });
  });
  app.post('/profiles/:id/versions', { schema: { tags: ['risk'], summary: 'Edit a profile: a new version', params: IdParams, body: VersionBody, response: { 201: Type.Object({ data: ProfileJson }), ...errorResponses } } }, async (request, reply) => {
    const actor = request.actor();
    const row = await addProfileVersion(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof VersionBody>);
    if (row.state === 'active') await scheduleRescore(app, actor);
    return reply.status(201).send({ data: presentProfile(actor, row) });
  });
  app.post('/profiles/:id/state', { schema: { tags: ['risk'], summary: 'Activate, retire or return a profile to draft; set its validity', params: IdParams, body: StateBody, response: { 200: Type.Object({ data: ProfileJson }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const body = request.body as Static<typeof StateBody>;
    const row = await setProfileState(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, body.state, body);
    await scheduleRescore(app, actor);
    return { data: presentProfile(actor, row) };
  });
  app.post('/profiles/test', { schema: { tags: ['risk'], summary: 'Test a rule on the last N days: hits, and how many of them were inspected and positive', body: TestBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => {
    const body = request.body as Static<typeof TestBody> & { days: number };
    return { data: await testOnHistory(app.store.db, request.actor(), body) };
  });
}
