/**
 * `model.retrain`: trains a new candidate version of the learned model (network or one country's) from
 * the inspection results in the database. Scheduled weekly for the network model and every country that
 * has a model; also enqueued on demand ("train now"). The candidate is not activated: a person decides.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { trainModelVersion } from '../services/risk/model.service.ts';
import { defineJob, enqueue, PermanentJobError } from './queue.ts';

export interface RetrainPayload {
  country: string | null;
  requestedBy: string | null;
  requestedByName: string | null;
}

export const retrainModelJob = defineJob<RetrainPayload>({
  name: 'model.retrain',
  maxAttempts: 1,
  parse(payload) {
    const p = payload as Partial<Record<keyof RetrainPayload, unknown>>;
    const country = p.country ?? null;
    if (country !== null && (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country))) throw new Error('country must be null or an ISO country code');
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { country, requestedBy: text(p.requestedBy), requestedByName: text(p.requestedByName) };
  },
  async handler(payload, ctx) {
    try {
      const row = await trainModelVersion(ctx.db, null, { actorUserId: payload.requestedBy, actorUsername: payload.requestedByName ?? 'system' }, { country: payload.country, trainedBy: payload.requestedBy });
      return { modelId: row.id, version: row.version, rows: row.rows, positives: row.positives };
    } catch (error) {
      // Too little data will not improve by retrying now.
      if (error instanceof AppError) throw new PermanentJobError(error.message);
      throw error;
    }
  },
});

/** Weekly slot (Monday of the ISO week) for the network model and each country that has a model. */
export async function scheduleModelRetrain(db: Db, now: Date): Promise<void> {
  const monday = new Date(now.getTime() - ((now.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  const countries = await rows<{ country: string }>(db, sql`SELECT DISTINCT country FROM model_versions WHERE country IS NOT NULL`);
  for (const country of [null, ...countries.map((c) => c.country)]) {
    await enqueue(db, retrainModelJob.name, { country, requestedBy: null, requestedByName: null }, { dedupeKey: `${retrainModelJob.name}:${country ?? 'network'}:${monday}`, maxAttempts: 1 });
  }
}
