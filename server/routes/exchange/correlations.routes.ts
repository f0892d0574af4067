import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, IdParams, literals, Uuid } from '../schemas.ts';
import { AppError } from '../../errors.ts';
import { HINT_KINDS } from '../../services/exchange/requests.service.ts';
import { correlate } from '../../services/exchange/correlation.service.ts';
import { warningDraft } from '../../services/exchange/warning-draft.ts';

const Kind = literals(HINT_KINDS);
const Correlations = Type.Object({
  source: Type.Object({ type: Type.Union([Type.Literal('consignment'), Type.Literal('warning')]), id: Uuid }),
  items: Type.Array(Type.Object({ type: Type.Union([Type.Literal('consignment'), Type.Literal('warning')]), id: Uuid, label: Type.String(), country: Type.String(), on: Kind, value: Type.String() }), {
    description: 'Records the caller may see, with links',
  }),
  hints: Type.Array(Type.Object({ kind: Kind, holderCountry: Type.String(), value: Type.String({ description: "The caller's own value that matched" }) }), {
    description: 'Another country holds related information — request it (POST /api/v1/requests with hint)',
  }),
});

export async function correlationRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['exchange'],
        summary: 'The same container, document, vessel IMO or party elsewhere: visible records listed, others only as a hint naming the holder country',
        querystring: Type.Object({ consignmentId: Type.Optional(Uuid), warningId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Correlations }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { consignmentId?: string; warningId?: string };
      if (Boolean(q.consignmentId) === Boolean(q.warningId)) throw new AppError('VALIDATION_FAILED', 'Give either consignmentId or warningId', { field: 'querystring.consignmentId' });
      return { data: await correlate(app.store.db, request.actor(), q) };
    },
  );
}

const Draft = Type.Object({
  consignmentId: Uuid,
  subject: Type.String(),
  facts: Type.Record(Type.String(), Type.Unknown()),
  reasons: Type.String(),
  riskScore: Type.Union([Type.Number(), Type.Null()]),
  requestedAction: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  tlp: Type.String(),
  distribution: Type.String(),
  recipients: Type.Array(Type.Object({ country: Type.String(), unitId: Type.Null() })),
});

/** Registered under /consignments: "refer to partner". */
export async function warningDraftRoutes(app: FastifyInstance) {
  app.get(
    '/:id/warning-draft',
    {
      schema: {
        tags: ['exchange'],
        summary: 'A warning draft pre-filled from the consignment (facts, risk reasons, ETA as deadline, onward network countries as recipients) for "refer to partner"',
        params: IdParams,
        response: { 200: Type.Object({ data: Draft }), ...errorResponses },
      },
    },
    async (request) => ({ data: await warningDraft(app.store.db, request.actor(), (request.params as { id: string }).id) }),
  );
}
