import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, Locode, literals, Nullable, PagedList, Uuid, Day } from '../schemas.ts';
import { DISTRIBUTIONS, SEIZURE_FORMS, TLP_LEVELS } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { seizureQuality } from '../../engine/results/quality.ts';
import { CONCEALMENT_METHODS, DETECTION_METHODS, QUANTITY_UNITS, TRANSPORT_MODES, taxonomy } from '../../engine/results/taxonomy.ts';
import { addSeizurePhoto, createSeizure, listSeizures, MAX_PHOTO_BYTES, readSeizure, readSeizurePhoto, updateSeizure, type SeizureFilters, type SeizureInput } from '../../services/results/seizures.service.ts';
import { exportSeizuresCsv, importSeizuresCsv } from '../../services/results/seizures-csv.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const RoutePoint = Type.String({ pattern: '^[A-Z]{2}([A-Z2-9]{3})?$', description: 'ISO country code (AF) or UN/LOCODE (AFKBL)' });
const opt = <T extends Parameters<typeof Nullable>[0]>(t: T) => Type.Optional(Nullable(t));

const SeizureBody = Type.Object(
  {
    reference: Type.Optional(Type.String({ pattern: '^[\\p{L}\\p{N}/._-]{3,60}$', description: 'Your own reference; generated when absent' })),
    form: literals(SEIZURE_FORMS),
    seizureDate: Day,
    placeLocode: opt(Locode),
    consignmentId: opt(Uuid),
    inspectionId: opt(Uuid),
    containerNumber: opt(Type.String({ maxLength: 15 })),
    operationId: opt(Uuid),
    warningIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: 'Warnings that led to the seizure (only ones you may see)' })),
    routeOrigin: opt(RoutePoint),
    routeTransit: Type.Optional(Type.Array(RoutePoint, { maxItems: 10 })),
    routeDestination: opt(RoutePoint),
    transportMode: opt(literals(TRANSPORT_MODES)),
    concealment: opt(literals(CONCEALMENT_METHODS)),
    detectionMethod: opt(literals(DETECTION_METHODS)),
    summary: Type.Optional(Type.String({ maxLength: 5000 })),
    estimatedValue: opt(Type.Number({ minimum: 0 })),
    currency: opt(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' })),
    items: Type.Array(
      Type.Object(
        {
          commodity: Type.String({ minLength: 1, maxLength: 40 }),
          description: Type.Optional(Type.String({ maxLength: 500 })),
          quantity: Type.Number({ exclusiveMinimum: 0 }),
          unit: literals(QUANTITY_UNITS),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    persons: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kind: Type.Union([Type.Literal('person'), Type.Literal('company')]),
            name: Type.String({ minLength: 2, maxLength: 300 }),
            role: Type.Optional(Type.String({ maxLength: 60 })),
            country: Type.Optional(Iso2),
            identifier: Type.Optional(Type.String({ maxLength: 60 })),
            birthDate: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    tlp: literals(TLP_LEVELS),
    distribution: literals(DISTRIBUTIONS),
    groupId: opt(Uuid),
    namedCountries: Type.Optional(Type.Array(Iso2, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

/** A draft for the live quality score: everything optional except the form. */
const DraftBody = Type.Object(
  {
    form: literals(SEIZURE_FORMS),
    seizureDate: opt(Type.String({ maxLength: 10 })),
    placeLocode: opt(Type.String({ maxLength: 5 })),
    transportMode: opt(Type.String({ maxLength: 40 })),
    concealment: opt(Type.String({ maxLength: 40 })),
    detectionMethod: opt(Type.String({ maxLength: 40 })),
    routeOrigin: opt(Type.String({ maxLength: 5 })),
    routeDestination: opt(Type.String({ maxLength: 5 })),
    estimatedValue: opt(Type.Number()),
    currency: opt(Type.String({ maxLength: 3 })),
    summary: opt(Type.String({ maxLength: 5000 })),
    consignmentId: opt(Type.String({ maxLength: 36 })),
    containerNumber: opt(Type.String({ maxLength: 15 })),
    inspectionId: opt(Type.String({ maxLength: 36 })),
    items: Type.Optional(Type.Array(Type.Object({ commodity: Type.String({ maxLength: 40 }), description: opt(Type.String({ maxLength: 500 })), quantity: Type.Number(), unit: Type.String({ maxLength: 20 }) }), { maxItems: 50 })),
  },
  // The form sends its whole state; fields the score does not use are ignored.
  { additionalProperties: true },
);

const ListQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    country: Type.Optional(Iso2),
    commodity: Type.Optional(Type.String({ maxLength: 40 })),
    detectionMethod: Type.Optional(literals(DETECTION_METHODS)),
    operationId: Type.Optional(Uuid),
    onSharedInformation: Type.Optional(Type.Boolean()),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
type ListQueryT = Static<typeof ListQuery>;

function filtersOf(q: ListQueryT): SeizureFilters {
  return { from: q.from, to: q.to, country: q.country, commodity: q.commodity, detectionMethod: q.detectionMethod, operationId: q.operationId, onSharedInformation: q.onSharedInformation };
}

export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  // A UTF-8 byte order mark so spreadsheets read Cyrillic names right.
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(`\uFEFF${csv}`);
}

export async function seizureRoutes(app: FastifyInstance) {
  app.get('/taxonomy', { schema: { tags: ['results'], summary: 'Commodities with their units, concealment and detection methods, transport modes (en + ru labels)', response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async () => ({
    data: taxonomy(),
  }));

  app.post(
    '/quality',
    { schema: { tags: ['results'], summary: 'Data-quality score (0–100) and issues of a draft, before saving', body: DraftBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => {
      request.actor();
      return { data: seizureQuality(request.body as Static<typeof DraftBody>) as unknown as Record<string, unknown> };
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['results'],
        summary: 'Seizures the caller may see (paged, filtered); ?format=csv exports every matching one',
        querystring: ListQuery,
        response: { 200: PagedList(Any), ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query as ListQueryT;
      const actor = request.actor();
      if (q.format === 'csv') return sendCsv(reply, 'seizures.csv', await exportSeizuresCsv(app.store.db, actor, request.auditCtx(), filtersOf(q)));
      return listSeizures(app.store.db, actor, filtersOf(q), { limit: q.limit ?? 50, offset: q.offset ?? 0 });
    },
  );

  app.post(
    '/',
    { schema: { tags: ['results'], summary: 'Record a seizure (officer or unit head, for their unit)', body: SeizureBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const row = await createSeizure(app.store.db, request.actor(), request.auditCtx(), request.body as SeizureInput);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );

  app.post(
    '/import',
    {
      schema: {
        tags: ['results'],
        summary: 'Import past seizures from CSV (multipart field "file"); per-line report; idempotent on the reference',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.actor();
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
      let content: Buffer | null = null;
      for await (const part of request.parts()) if (part.type === 'file') content = await part.toBuffer();
      if (!content?.length) throw new AppError('VALIDATION_FAILED', 'file is required', { field: 'file' });
      return { data: (await importSeizuresCsv(app.store.db, actor, request.auditCtx(), content)) as unknown as Record<string, unknown> };
    },
  );

  app.get('/:id', { schema: { tags: ['results'], summary: 'One seizure with items, persons, linked warnings and photos (the read is audited)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await readSeizure(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));

  app.put(
    '/:id',
    { schema: { tags: ['results'], summary: "Change a seizure (the recording unit's staff or the country's coordinator); items, persons and warnings are replaced", params: IdParams, body: SeizureBody, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({
      data: (await updateSeizure(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as SeizureInput)) as unknown as Record<string, unknown>,
    }),
  );

  app.post(
    '/:id/photos',
    {
      schema: {
        tags: ['results'],
        summary: `Add a photo (multipart field "file"; JPEG, PNG or WebP by content; at most ${MAX_PHOTO_BYTES / 1024 / 1024} MiB)`,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data');
      let file: { filename: string; data: Buffer } | null = null;
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        const data = await part.toBuffer();
        file = { filename: part.filename || 'photo', data };
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'file is required', { field: 'file' });
      const photo = await addSeizurePhoto(app.store.db, actor, request.auditCtx(), (request.params as { id: string }).id, file);
      return reply.status(201).send({ data: photo as unknown as Record<string, unknown> });
    },
  );

  app.get(
    '/:id/photos/:photoId',
    { schema: { tags: ['results'], summary: 'Download a photo (audited)', params: Type.Object({ id: Uuid, photoId: Uuid }), response: { ...errorResponses } } },
    async (request, reply) => {
      const p = request.params as { id: string; photoId: string };
      const photo = await readSeizurePhoto(app.store.db, request.actor(), request.auditCtx(), p.id, p.photoId);
      return reply
        .header('content-type', photo.contentType)
        .header('content-disposition', `inline; filename="${encodeURIComponent(photo.filename)}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(photo.data);
    },
  );
}

/** GET /api/v1/seizures.csv — the same export as ?format=csv. */
export async function seizureCsvRoute(app: FastifyInstance) {
  app.get(
    '/seizures.csv',
    { schema: { tags: ['results'], summary: 'CSV export of the seizures the caller may see (same filters as the list)', querystring: Type.Omit(ListQuery, ['format', 'limit', 'offset']), response: { ...errorResponses } } },
    async (request, reply) => sendCsv(reply, 'seizures.csv', await exportSeizuresCsv(app.store.db, request.actor(), request.auditCtx(), filtersOf(request.query as ListQueryT))),
  );
}
