import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../schemas.ts';
import { AppError } from '../../errors.ts';
import { canWriteOwned } from '../../policies/risk.policy.ts';
import { addEntries, createWatchlist, getWatchlist, importWatchlistFile, listWatchlists, removeEntry, type EntryInput } from '../../services/risk/watchlists.service.ts';
import { appliesTo, screeningIndex } from '../../services/risk/screening.ts';
import { enqueue } from '../../jobs/queue.ts';
import { retroHuntJob } from '../../jobs/risk.job.ts';
import type { Actor } from '../../auth/actor.ts';
import { LaneSchema, OwnerFields } from './risk.schema.ts';
import { WATCHLIST_KINDS } from '../../db/schema.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const KindSchema = Type.Union(WATCHLIST_KINDS.map((k) => Type.Literal(k)));
const EntryBody = Type.Object(
  {
    schema: Type.String({ minLength: 2, maxLength: 40, description: 'FollowTheMoney schema: Person, Company, Organization, LegalEntity, Vessel…' }),
    names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 200 })),
    countries: Type.Optional(Type.Array(Type.String({ maxLength: 2 }), { maxItems: 50 })),
    birthDate: Type.Optional(Type.String({ maxLength: 10 })),
    identifiers: Type.Optional(Type.Array(Type.Object({ scheme: Type.String({ maxLength: 40 }), value: Type.String({ maxLength: 100 }) }, { additionalProperties: false }), { maxItems: 50 })),
    imoNumber: Type.Optional(Type.String({ maxLength: 12 })),
    containerNumber: Type.Optional(Type.String({ maxLength: 15 })),
    documentNumber: Type.Optional(Type.String({ maxLength: 40 })),
    externalId: Type.Optional(Type.String({ maxLength: 200 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const RETRO_DAYS = 90;

async function startRetroHunt(app: FastifyInstance, actor: Actor, entryIds: string[]) {
  if (!entryIds.length) return null;
  return enqueue(app.store.db, retroHuntJob.name, { entryIds, days: RETRO_DAYS }, { createdBy: actor.userId });
}

export async function watchlistRoutes(app: FastifyInstance) {
  app.get('/watchlists', { schema: { tags: ['risk'], summary: 'Watchlists the caller may see', response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses } } }, async (request) => {
    const actor = request.actor();
    const rowsOut = await listWatchlists(app.store.db, actor);
    return { data: rowsOut.map((r) => ({ ...r.w, entries: r.entries, can: { update: canWriteOwned(actor, r.w) } })) };
  });
  app.post(
    '/watchlists',
    {
      schema: {
        tags: ['risk'],
        summary: 'Create a watchlist (persons and companies, vessels, containers or documents)',
        body: Type.Object({ ...OwnerFields, name: Type.String({ minLength: 2, maxLength: 200 }), kind: KindSchema, description: Type.Optional(Type.String({ maxLength: 1000 })), weight: Type.Integer({ minimum: 1, maximum: 99 }), lane: LaneSchema }, { additionalProperties: false }),
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createWatchlist(app.store.db, request.actor(), request.auditCtx(), request.body as Parameters<typeof createWatchlist>[3]);
      return reply.status(201).send({ data: row });
    },
  );
  app.get(
    '/watchlists/:id',
    {
      schema: {
        tags: ['risk'],
        summary: 'A watchlist with its entries (paged; q filters by name, external id, IMO, container or document number)',
        params: IdParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            q: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const r = await getWatchlist(app.store.db, actor, (request.params as { id: string }).id, request.query as { limit: number; offset: number; q?: string });
      return { data: { ...r.watchlist, entries: r.entries, total: r.total, can: { update: canWriteOwned(actor, r.watchlist) } } };
    },
  );
  app.post(
    '/watchlists/:id/entries',
    {
      schema: {
        tags: ['risk'],
        summary: 'Add entries (by externalId they replace earlier ones); starts a retro-hunt over the last 90 days',
        params: IdParams,
        body: Type.Array(EntryBody, { minItems: 1, maxItems: 10000 }),
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      const result = await addEntries(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, request.body as EntryInput[]);
      const retroHuntJobId = await startRetroHunt(app, actor, result.entryIds);
      return { data: { added: result.added, replaced: result.replaced, rejected: result.rejected, problems: result.problems, retroHuntJobId } };
    },
  );
  app.post(
    '/watchlists/:id/import',
    {
      schema: {
        tags: ['risk'],
        summary: 'Import entries from a CSV or FollowTheMoney JSON-lines file (multipart field "file"; optional "format": csv|ftm)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
      let format: string | undefined;
      let file: { name: string; content: Buffer } | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'file') file = { name: part.filename, content: await part.toBuffer() };
        else if (part.fieldname === 'format') format = String(part.value);
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'file is required', { field: 'file' });
      const detected = format ?? (/\.(jsonl|ndjson|json|ftm)$/i.test(file.name) || file.content.subarray(0, 64).toString('utf8').trimStart().startsWith('{') ? 'ftm' : 'csv');
      if (detected !== 'csv' && detected !== 'ftm') throw new AppError('VALIDATION_FAILED', 'format must be csv or ftm', { field: 'format' });
      const result = await importWatchlistFile(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, file.content, detected);
      const retroHuntJobId = await startRetroHunt(app, actor, result.entryIds);
      return { data: { added: result.added, replaced: result.replaced, rejected: result.rejected, problems: result.problems, retroHuntJobId } };
    },
  );
  app.delete(
    '/watchlists/:id/entries/:entryId',
    { schema: { tags: ['risk'], summary: 'Remove an entry', params: Type.Object({ id: Type.String({ format: 'uuid' }), entryId: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const p = request.params as { id: string; entryId: string };
      await removeEntry(app.store.db, request.actor(), request.auditCtx(), p.id, p.entryId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/screen',
    {
      schema: {
        tags: ['risk'],
        summary: 'Screen a name against the watchlists the caller may see: top hits with explanations',
        querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }), schema: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      if (actor.role === 'observer') return { data: [] };
      const q = request.query as { name: string; schema?: string; limit: number };
      const index = await screeningIndex(app.store.db);
      const owner = { unitId: actor.unitId ?? '', country: actor.country ?? '' };
      const hits = index.searchName(q.name, q.schema, q.limit * 3).filter((h) => (actor.role === 'network_admin' ? h.meta.ownerScope === 'network' : appliesTo(h.meta, owner) || (h.meta.ownerScope === 'unit' && h.meta.ownerCountry === actor.country)));
      return { data: hits.slice(0, q.limit).map((h) => ({ entryId: h.id, watchlistId: h.meta.watchlistId, watchlist: h.meta.watchlistName, score: h.score, matchedName: h.matchedName, schema: h.schema, explanation: h.explanation as unknown as Record<string, unknown> })) };
    },
  );
}
