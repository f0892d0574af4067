import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { getConsignment, searchConsignments, type ConsignmentFilter } from '../../services/intake/consignment.service.ts';
import { errorResponses, IdParams, Nullable, Uuid, Day } from '../schemas.ts';


const ConsignmentSummary = Type.Object({
  id: Uuid,
  documentType: Type.String(),
  documentNumber: Type.String(),
  masterDocumentNumber: Nullable(Type.String()),
  mode: Type.String(),
  carrierName: Nullable(Type.String()),
  vesselName: Nullable(Type.String()),
  imoNumber: Nullable(Type.String()),
  voyageNumber: Nullable(Type.String()),
  flightNumber: Nullable(Type.String()),
  placeOfLoading: Nullable(Type.String()),
  placeOfDischarge: Nullable(Type.String()),
  transshipments: Type.Array(Type.String()),
  estimatedArrivalDate: Nullable(Type.String()),
  qualityScore: Type.Integer(),
  version: Type.Integer(),
  isCurrent: Type.Boolean(),
  unitId: Uuid,
  consignor: Nullable(Type.String()),
  consignee: Nullable(Type.String()),
  containerCount: Type.Integer(),
  goodsCount: Type.Integer(),
});

export async function consignmentRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['cargo'],
        summary: "Search the caller's country's consignments (current versions unless includeSuperseded)",
        querystring: Type.Object(
          {
            container: Type.Optional(Type.String({ maxLength: 15, description: 'ISO 6346 number or its prefix' })),
            document: Type.Optional(Type.String({ maxLength: 40, description: 'B/L or AWB number (or master), or its prefix' })),
            party: Type.Optional(Type.String({ maxLength: 200, description: 'Party name; case, diacritics and script insensitive' })),
            vessel: Type.Optional(Type.String({ maxLength: 100, description: 'Vessel name or IMO number' })),
            hs: Type.Optional(Type.String({ maxLength: 12, description: 'HS code or chapter/heading prefix' })),
            place: Type.Optional(Type.String({ maxLength: 6, description: 'UN/LOCODE or IATA code anywhere on the route' })),
            mode: Type.Optional(Type.Union([Type.Literal('sea'), Type.Literal('air'), Type.Literal('road'), Type.Literal('rail')])),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            unitId: Type.Optional(Uuid),
            includeSuperseded: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(ConsignmentSummary), page: Type.Object({ limit: Type.Integer(), offset: Type.Integer(), hasMore: Type.Boolean() }) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as ConsignmentFilter & { limit: number; offset: number };
      const { rows, hasMore } = await searchConsignments(app.store.db, request.actor(), q, q);
      return { data: rows, page: { limit: q.limit, offset: q.offset, hasMore } };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['cargo'],
        summary: 'One consignment with parties, goods, containers, data-quality flags, versions and its route with coordinates',
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Record(Type.String(), Type.Unknown()) }), ...errorResponses },
      },
    },
    async (request) => {
      const detail = await getConsignment(app.store.db, request.actor(), (request.params as { id: string }).id);
      return { data: detail as unknown as Record<string, unknown> };
    },
  );
}
