/**
 * Merges the delta rows the seizure statistics triggers append into one row per key (seizure_stats_compact,
 * docs/decisions/0010-maintained-seizure-statistics.md). Hourly; figures are right without it, only the table
 * grows by a few rows per seizure written until the next run.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import { defineJob } from './queue.ts';

export const compactStatisticsJob = defineJob<Record<string, never>>({
  name: 'statistics.compact',
  parse: () => ({}),
  async handler(_payload, ctx) {
    const [r] = await rows<{ rows: number }>(ctx.db, sql`SELECT seizure_stats_compact() AS rows`);
    return { mergedRows: r!.rows };
  },
});
