import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, literals, Nullable, PageQuery, PagedList, Uuid, Day } from '../schemas.ts';
import { MEETING_KINDS, RECOMMENDATION_STATUSES } from '../../db/schema.ts';
import { addProgressNote, addRecommendation, createMeeting, followUp, followUpPdf, getMeeting, listMeetings, updateMeeting, updateRecommendation } from '../../services/results/meetings.service.ts';

const Any = Type.Record(Type.String(), Type.Unknown());

const Participants = Type.Array(
  Type.Object({ country: Iso2, agency: Type.Optional(Type.String({ maxLength: 200 })), count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
  { maxItems: 100 },
);
const MeetingBody = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 300 }),
    kind: literals(MEETING_KINDS),
    startsOn: Day,
    endsOn: Day,
    place: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    online: Type.Optional(Type.Boolean()),
    participants: Type.Optional(Participants),
    summary: Type.Optional(Type.String({ maxLength: 20_000 })),
    operationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const MeetingPatchBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
    kind: Type.Optional(literals(MEETING_KINDS)),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Day),
    place: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 200 }))),
    online: Type.Optional(Type.Boolean()),
    participants: Type.Optional(Participants),
    summary: Type.Optional(Type.String({ maxLength: 20_000 })),
    operationId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false, minProperties: 1, description: 'Only the fields given change; null clears the place or the linked operation' },
);
const RecommendationBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 20 }),
    kind: Type.Union([Type.Literal('recommendation'), Type.Literal('action')]),
    text: Type.String({ minLength: 3, maxLength: 5000 }),
    ownerCountry: Type.Optional(Iso2),
    ownerUnitId: Type.Optional(Uuid),
    ownerOrganisation: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    dueDate: Type.Optional(Day),
    status: Type.Optional(literals(RECOMMENDATION_STATUSES)),
  },
  { additionalProperties: false },
);
const RecommendationPatchBody = Type.Object(
  {
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    kind: Type.Optional(Type.Union([Type.Literal('recommendation'), Type.Literal('action')])),
    text: Type.Optional(Type.String({ minLength: 3, maxLength: 5000 })),
    ownerCountry: Type.Optional(Nullable(Iso2)),
    ownerUnitId: Type.Optional(Nullable(Uuid)),
    ownerOrganisation: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 200 }))),
    dueDate: Type.Optional(Nullable(Day)),
    status: Type.Optional(literals(RECOMMENDATION_STATUSES)),
  },
  { additionalProperties: false, minProperties: 1, description: 'Only the fields given change; null clears an owner part or the due date (one owner part must remain)' },
);
const NoteBody = Type.Object({ note: Type.String({ minLength: 3, maxLength: 5000 }), status: literals(RECOMMENDATION_STATUSES) }, { additionalProperties: false });
const FollowUpQuery = Type.Object({ meetingId: Type.Optional(Uuid), asOf: Type.Optional(Day) }, { additionalProperties: false });
const FollowUpPdfQuery = Type.Object({ meetingId: Type.Optional(Uuid), asOf: Type.Optional(Day), lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])) }, { additionalProperties: false });

export async function meetingRoutes(app: FastifyInstance) {
  app.get(
    '/',
    { schema: { tags: ['meetings'], summary: 'Meetings, newest first, with recommendation counts (everyone signed in)', querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }), response: { 200: Type.Intersect([PagedList(Any), Type.Object({ can: Any })]), ...errorResponses } } },
    async (request) => {
      const q = request.query as { limit: number; offset: number };
      const { data, total, can } = await listMeetings(app.store.db, request.actor(), q);
      return { data, page: { total, limit: q.limit, offset: q.offset }, can };
    },
  );
  app.post(
    '/',
    { schema: { tags: ['meetings'], summary: 'Record a meeting (network admin or national coordinator)', body: MeetingBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const m = await createMeeting(app.store.db, request.actor(), request.auditCtx(), request.body as Static<typeof MeetingBody>);
      return reply.status(201).send({ data: m as unknown as Record<string, unknown> });
    },
  );
  app.get(
    '/:id',
    { schema: { tags: ['meetings'], summary: 'A meeting with its recommendations, owners, follow-up status and progress notes', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({ data: (await getMeeting(app.store.db, request.actor(), (request.params as { id: string }).id)) as unknown as Record<string, unknown> }),
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Correct a meeting: title, kind, dates, place or online, participants, summary, operation (network admin, or a coordinator of the country that recorded it)',
        params: IdParams,
        body: MeetingPatchBody,
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const m = await updateMeeting(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof MeetingPatchBody>);
      return { data: m as unknown as Record<string, unknown> };
    },
  );
  app.post(
    '/:id/recommendations',
    { schema: { tags: ['meetings'], summary: 'Add a recommendation or future action adopted at the meeting', params: IdParams, body: RecommendationBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const r = await addRecommendation(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof RecommendationBody>);
      return reply.status(201).send({ data: r as unknown as Record<string, unknown> });
    },
  );
}

export async function recommendationRoutes(app: FastifyInstance) {
  app.get(
    '/follow-up',
    { schema: { tags: ['meetings'], summary: 'Follow-up for the next meeting: late, not started, in progress, done (one meeting or all)', querystring: FollowUpQuery, response: { 200: Type.Object({ data: Any }), ...errorResponses } } },
    async (request) => ({ data: (await followUp(app.store.db, request.actor(), request.query as Static<typeof FollowUpQuery>)) as unknown as Record<string, unknown> }),
  );
  app.get(
    '/follow-up.pdf',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The follow-up view as PDF',
        querystring: FollowUpPdfQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await followUpPdf(app.store.db, request.actor(), request.query as Static<typeof FollowUpPdfQuery>);
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="recommendations-follow-up.pdf"').send(pdf);
    },
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: "Correct a recommendation: text, owner, due date, status (network admin, or a coordinator of the country that recorded its meeting)",
        params: IdParams,
        body: RecommendationPatchBody,
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => {
      const r = await updateRecommendation(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof RecommendationPatchBody>);
      return { data: r as unknown as Record<string, unknown> };
    },
  );
  app.post(
    '/:id/notes',
    { schema: { tags: ['meetings'], summary: "A progress note; its status becomes the recommendation's status (admin, or the owner country's coordinator)", params: IdParams, body: NoteBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } },
    async (request, reply) => {
      const n = await addProgressNote(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof NoteBody>);
      return reply.status(201).send({ data: n as unknown as Record<string, unknown> });
    },
  );
}
