import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, Iso2, literals, Nullable, Uuid, Day } from '../schemas.ts';
import { DISTRIBUTIONS, FEEDBACK_ACTIONS, FEEDBACK_RESULTS, FEEDBACK_STATUSES, TLP_LEVELS, WARNING_STATES } from '../../db/schema.ts';
import { addFeedback, approveWarning, createWarning, listWarnings, readWarning, type WarningInput, type WarningListFilters } from '../../services/exchange/warnings.service.ts';
import { forwardWarning } from '../../services/exchange/forward.service.ts';
import { addAttachment, MAX_ATTACHMENT_BYTES, readAttachment } from '../../services/exchange/attachments.service.ts';
import { AppError } from '../../errors.ts';

const Any = Type.Record(Type.String(), Type.Unknown());

const CreateBody = Type.Object(
  {
    subject: Type.String({ minLength: 3, maxLength: 300 }),
    consignmentId: Type.Optional(Type.String({ format: 'uuid', description: 'Pre-fill the facts from this consignment ("refer to partner")' })),
    facts: Type.Optional(
      Type.Object(
        {
          containers: Type.Optional(Type.Array(Type.String({ maxLength: 15 }), { maxItems: 500 })),
          documents: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 })),
          vesselImo: Type.Optional(Type.String({ pattern: '^\\d{7}$' })),
          voyage: Type.Optional(Type.String({ maxLength: 20 })),
          parties: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }), role: Type.Optional(Type.String({ maxLength: 30 })), country: Type.Optional(Type.String({ maxLength: 2 })) }, { additionalProperties: false }), { maxItems: 50 })),
          route: Type.Optional(Type.Array(Type.String({ maxLength: 6 }), { maxItems: 20 })),
          goods: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
    reasons: Type.String({ minLength: 3, maxLength: 5000 }),
    requestedAction: Type.String({ minLength: 3, maxLength: 2000 }),
    deadline: Type.Optional(Day),
    tlp: literals(TLP_LEVELS),
    distribution: literals(DISTRIBUTIONS),
    recipients: Type.Optional(Type.Array(Type.Object({ country: Type.String({ pattern: '^[A-Z]{2}$' }), unitId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])) }, { additionalProperties: false }), { maxItems: 50 })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    groupId: Type.Optional(Type.String({ format: 'uuid', description: "Distribution 'group': a sharing group the sender belongs to (GET /api/v1/groups)" })),
    redactPersonal: Type.Optional(Type.Boolean({ description: 'Show party names only to the sender\'s country; others see "[redacted]" with role and country' })),
  },
  { additionalProperties: false },
);
const Recipient = Type.Object({ country: Iso2, unitId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false });
const ForwardBody = Type.Object(
  {
    recipients: Type.Array(Recipient, { minItems: 1, maxItems: 50, description: 'Countries (every unit of them) or single units' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Appended to the reasons: why it is forwarded' })),
  },
  { additionalProperties: false },
);
const Attachment = Type.Object({ id: Uuid, filename: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), createdAt: Type.Unknown() });
const AttachmentParams = Type.Object({ id: Uuid, attId: Uuid });

const FeedbackBody = Type.Object(
  { status: literals(FEEDBACK_STATUSES), action: Type.Optional(literals(FEEDBACK_ACTIONS)), result: Type.Optional(literals(FEEDBACK_RESULTS)), notes: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);

export async function warningRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Warnings the caller may see: inbox (received), outbox (sent by the unit/country) or all',
        querystring: Type.Object(
          {
            box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('outbox'), Type.Literal('all')])),
            state: Type.Optional(literals(WARNING_STATES)),
            tlp: Type.Optional(literals(TLP_LEVELS)),
            country: Type.Optional(Iso2),
            overdue: Type.Optional(Type.Boolean()),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Any), total: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as Omit<WarningListFilters, 'box'> & { box?: WarningListFilters['box'] };
      return listWarnings(app.store.db, request.actor(), { ...q, box: q.box ?? 'all' });
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: "Create a warning. An officer's warning waits for the unit head's approval; others are sent at once and matched against receivers' cargo.",
        body: CreateBody,
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createWarning(app.store.db, request.actor(), request.auditCtx(), request.body as Static<typeof CreateBody> as WarningInput);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.get('/:id', { schema: { tags: ['exchange'], summary: 'One warning (the read is audited); the sender also sees feedback, matches and who read it', params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await readWarning(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
  app.post('/:id/approve', { schema: { tags: ['exchange'], summary: "Four eyes: release an officer's warning (unit head or coordinator, not the author)", params: IdParams, response: { 200: Type.Object({ data: Any }), ...errorResponses } } }, async (request) => ({
    data: (await approveWarning(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id)) as unknown as Record<string, unknown>,
  }));
  app.post('/:id/feedback', { schema: { tags: ['exchange'], summary: 'Feedback from a receiving unit: acknowledged, action taken, result', params: IdParams, body: FeedbackBody, response: { 201: Type.Object({ data: Any }), ...errorResponses } } }, async (request, reply) => {
    const row = await addFeedback(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof FeedbackBody>);
    return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
  });
  app.post(
    '/:id/forward',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'Forward a received warning to countries/units under TLP 2.0: CLEAR and GREEN anywhere in the network, AMBER only within your own country, AMBER+STRICT and RED never (TLP_FORWARD_REFUSED). Creates a new warning pointing at the original (forwardedFrom); the original owner sees the forward in its use log.',
        params: IdParams,
        body: ForwardBody,
        response: { 201: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await forwardWarning(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, request.body as Static<typeof ForwardBody>);
      return reply.status(201).send({ data: row as unknown as Record<string, unknown> });
    },
  );
  app.post(
    '/:id/attachments',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Attach a file (multipart field "file"): JPEG, PNG, WebP or PDF by content, at most 10 MiB. Sending unit only.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: Type.Object({ data: Attachment }), ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data (field "file")', { field: 'file' });
      let file: { filename: string; declaredType: string; content: Buffer } | null = null;
      try {
        for await (const part of request.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } })) {
          if (part.type !== 'file') continue;
          const content = await part.toBuffer();
          if (part.file.truncated) throw tooLarge();
          file = { filename: part.filename || 'attachment', declaredType: part.mimetype || 'application/octet-stream', content };
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'file is required', { field: 'file' });
      const row = await addAttachment(app.store.db, request.actor(), request.auditCtx(), (request.params as { id: string }).id, file);
      return reply.status(201).send({ data: row });
    },
  );
  app.get(
    '/:id/attachments/:attId',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Download an attachment (the read is audited); 404 when the warning is not visible',
        params: AttachmentParams,
        response: { 200: Type.Unknown({ description: 'The file, with its content type' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = request.params as { id: string; attId: string };
      const a = await readAttachment(app.store.db, request.actor(), request.auditCtx(), p.id, p.attId);
      return reply
        .header('content-type', a.contentType)
        .header('content-disposition', `attachment; filename="${a.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(a.data);
    },
  );
}

function tooLarge(): AppError {
  return new AppError('ATTACHMENT_TOO_LARGE', `Attachments are at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`, { field: 'file', maxBytes: MAX_ATTACHMENT_BYTES });
}
