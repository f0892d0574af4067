import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, Iso2, Day } from '../schemas.ts';
import { countries } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { dashboard, STAT_TABLES, type StatTable, type StatsFilters } from '../../services/results/statistics.service.ts';
import { statisticsPdf } from '../../services/results/statistics-pdf.ts';
import { csvLine } from '../../services/results/seizures-csv.ts';
import { sendCsv } from './seizures.routes.ts';

const Any = Type.Record(Type.String(), Type.Unknown());
const Filters = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  country: Type.Optional(Iso2),
  commodity: Type.Optional(Type.String({ pattern: '^[a-z_]{2,40}$' })),
};
const TableQuery = Type.Object({ ...Filters, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false });
const PdfQuery = Type.Object({ ...Filters, lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])) }, { additionalProperties: false });

function filtersOf(q: StatsFilters): StatsFilters {
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', 'from is after to', { field: 'querystring.from' });
  return { from: q.from, to: q.to, country: q.country, commodity: q.commodity };
}

function toCsv(data: object[]): string {
  if (!data.length) return '';
  const head = Object.keys(data[0]!);
  return csvLine(head) + data.map((r) => csvLine(head.map((h) => (r as Record<string, unknown>)[h]))).join('');
}

export async function statisticsRoutes(app: FastifyInstance) {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['results'],
        summary: 'Every dashboard figure at once: KPIs, by month, country, commodity, detection method, routes and unit points (aggregates only; observers included)',
        querystring: Type.Object(Filters, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Any }), ...errorResponses },
      },
    },
    async (request) => ({ data: (await dashboard(app.store.db, request.actor(), filtersOf(request.query as StatsFilters))) as unknown as Record<string, unknown> }),
  );

  app.get(
    '/report.pdf',
    { schema: { tags: ['results'], summary: 'The dashboard as a PDF', querystring: PdfQuery, response: { ...errorResponses } } },
    async (request, reply) => {
      const q = request.query as Static<typeof PdfQuery>;
      const d = await dashboard(app.store.db, request.actor(), filtersOf(q));
      const names = new Map((await app.store.db.select({ iso2: countries.iso2, en: countries.nameEn, ru: countries.nameRu }).from(countries)).map((c) => [c.iso2, c]));
      const lang = q.lang ?? 'en';
      const pdf = await statisticsPdf(d, lang, (iso) => names.get(iso)?.[lang] ?? iso);
      return reply.header('content-type', 'application/pdf').header('content-disposition', 'attachment; filename="iren-statistics.pdf"').send(pdf);
    },
  );

  for (const table of Object.keys(STAT_TABLES) as StatTable[]) {
    app.get(
      `/${table}`,
      {
        schema: {
          tags: ['results'],
          summary: `Statistics table "${table}" (aggregates only); ?format=csv for CSV`,
          querystring: TableQuery,
          response: { 200: Type.Object({ data: Type.Array(Any) }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const q = request.query as Static<typeof TableQuery>;
        const data = await STAT_TABLES[table](app.store.db, request.actor(), filtersOf(q));
        if (q.format === 'csv') return sendCsv(reply, `iren-${table}.csv`, toCsv(data));
        return { data: data as Record<string, unknown>[] };
      },
    );
  }
}
