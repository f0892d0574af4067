import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listCountries } from '../../services/directory.service.ts';
import { CountryJson, presentCountry } from '../../presenters/directory.presenter.ts';
import { Data, errorResponses } from '../schemas.ts';

export async function countryRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: ['directory'],
        summary: 'Countries (ISO 3166, names in English and Russian); members=true for the network members only',
        querystring: Type.Object({ members: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Data(Type.Array(CountryJson)), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { members?: boolean };
      request.actor();
      return { data: (await listCountries(app.store.db, { memberOnly: q.members ?? false })).map(presentCountry) };
    },
  );
}
