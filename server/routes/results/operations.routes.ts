import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, literals, PageQuery, PagedList, Uuid, Day } from '../schemas.ts';
import { OPERATION_STATES } from '../../db/schema.ts';
import { COMMODITIES } from '../../engine/results/taxonomy.ts';
import {
  addParticipant,
  createOperation,
  removeParticipant,
  getOperation,
  listDailyReports,
  listOperations,
  operationFeed,
  saveDailyReport,
  setOperationState,
  type OperationState,
} from '../../services/results/operations.service.ts';
import { afterActionPdf, afterActionReport } from '../../services/results/after-action.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const Participant = Type.Object({ country: Iso2, unitId: Type.Optional(Type.Union([Uuid, Type.Null()])) }, { additionalProperties: false });
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });

const CreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,39}$', description: 'Code name, e.g. IREN-CASPIAN-2026' }),
    name: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    startsOn: Day,
    endsOn: Day,
    coordinatingUnitId: Type.Optional(Type.String({ format: 'uuid', description: 'National coordinators name the coordinating unit of their country' })),
    participants: Type.Array(Participant, { minItems: 1, maxItems: 100 }),
    targetCommodities: Type.Optional(Type.Array(literals(COMMODITIES.map((c) => c.code)), { maxItems: 50 })),
    profileIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const ReportBody = Type.Object(
  { reportDate: Type.Optional(Day), screened: Count, selected: Count, inspected: Count, notes: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ state: Type.Optional(literals(OPERATION_STATES)), ...PageQuery }, { additionalProperties: false });
const FeedQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
const PdfQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])) }, { additionalProperties: false });

export async function operationRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['operations'],
        summary: 'Joint operations the caller takes part in or coordinates (observers: those of their country, name, period, countries and figures only)',
        querystring: ListQuery,
        response: { 200: PagedList(Any), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof ListQuery> & { limit: number; offset: number };
      const { data, total } = await listOperations(app.store.db, request.actor(), { state: q.state as OperationState | undefined, limit: q.limit, offset: q.offset });
      return { data, page: { total, limit: q.limit, offset: q.offset } };
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags: ['operations'],
        summary: 'Create a joint operation (unit head or national coordinator) with its closed sharing group of participants',
        body: CreateBody,
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const op = await createOperation(app.store.db, request.actor(), request.auditCtx(), request.body as Static<typeof CreateBody>);
      return reply.status(201).send({ data: op as unknown as Record<string, unknown> });
    },
  );
  app.get(
    '/:id',
    { schema: { tags: ['operations'], summary: 'One operation: participants, units with coordinates, target commodities and profiles (observers: the aggregate view)', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({ data: (await getOperation(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Record<string, unknown> }),
  );
  app.post(
    '/:id/state',
    {
      schema: {
        tags: ['operations'],
        summary: 'Move the operation planned → active → closed (coordinating unit head or country coordinator)',
        params: IdParams,
        body: Type.Object({ state: literals(OPERATION_STATES) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const row = await setOperationState(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, (request.body as { state: OperationState }).state);
      return { data: row as unknown as Record<string, unknown> };
    },
  );
  app.post(
    '/:id/participants',
    { schema: { tags: ['operations'], summary: 'Admit a participating country (all its units) or one unit', params: IdParams, body: Participant, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const row = await addParticipant(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof Participant>);
      return reply.status(201).send({ data: row });
    },
  );
  app.delete(
    '/:id/participants',
    {
      schema: {
        tags: ['operations'],
        summary: 'Remove a participating country (no unitId) or unit (coordinating unit head or country coordinator; at least one participant stays)',
        params: IdParams,
        querystring: Participant,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeParticipant(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.query as Static<typeof Participant>);
      return reply.status(204).send();
    },
  );
  app.get(
    '/:id/daily-reports',
    { schema: { tags: ['operations'], summary: "Participants' daily reports, newest first, with totals", params: IdParams, response: { 200: Type.Object({ data: Type.Array(Any), totals: Any }), ...errorResponses } } },
    async (request) => listDailyReports(app.store.db, request.actor(), (request.params as { id: string }).id),
  );
  app.put(
    '/:id/daily-reports',
    {
      schema: {
        tags: ['operations'],
        summary: "File or correct the caller's unit's report for today (one per unit and day; earlier days are closed)",
        params: IdParams,
        body: ReportBody,
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const row = await saveDailyReport(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof ReportBody>);
      return { data: row as unknown as Record<string, unknown> };
    },
  );
  app.get(
    '/:id/feed',
    {
      schema: {
        tags: ['operations'],
        summary: "Operation room: the group's warnings, feedback and seizures the caller may see, newest first (the read is audited)",
        params: IdParams,
        querystring: FeedQuery,
        response: { 200: PagedList(Any), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { limit: number; offset: number };
      const { data, total } = await operationFeed(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, q);
      return { data, page: { total, limit: q.limit, offset: q.offset } };
    },
  );
  app.get(
    '/:id/report',
    { schema: { tags: ['operations'], summary: 'After-action report: screened, selected, inspected, hit rate, warnings and response times, seizures', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({ data: (await afterActionReport(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Record<string, unknown> }),
  );
  app.get(
    '/:id/report.pdf',
    {
      schema: {
        tags: ['operations'],
        summary: 'After-action report as PDF (the export is audited)',
        params: IdParams,
        querystring: PdfQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { report, pdf } = await afterActionPdf(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, (request.query as { lang?: 'en' | 'ru' }).lang ?? 'en');
      const name = (report.operation.code ?? 'operation').replace(/[^A-Za-z0-9-]/g, '_');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="after-action-${name}.pdf"`).send(pdf);
    },
  );
}
