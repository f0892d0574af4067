import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { searchLocations } from '../../services/directory.service.ts';
import { errorResponses, Iso2 } from '../schemas.ts';

const LocationJson = Type.Object({
  unlocode: Type.String(),
  country: Type.String(),
  name: Type.String(),
  subdivision: Type.Union([Type.String(), Type.Null()]),
  isPort: Type.Boolean(),
  isAirport: Type.Boolean(),
  isRail: Type.Boolean(),
  isRoad: Type.Boolean(),
  isBorderCrossing: Type.Boolean(),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
});

export async function referenceRoutes(app: FastifyInstance) {
  app.get(
    '/locations',
    {
      schema: {
        tags: ['reference'],
        summary: 'UN/LOCODE places: exact code, or name prefix, optionally in one country',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 100 })), country: Type.Optional(Iso2), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(LocationJson) }), ...errorResponses },
      },
    },
    async (request) => {
      request.actor();
      return { data: await searchLocations(app.store.db, request.query as { q?: string; country?: string; limit: number }) };
    },
  );
}
