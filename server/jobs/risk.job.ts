/** Re-scores recent consignments after profiles or lists change. */
import { defineJob } from './queue.ts';
import { rescoreRecent } from '../services/risk/scoring.service.ts';

export const rescoreJob = defineJob<{ days: number }>({
  name: 'risk.rescore',
  parse(payload) {
    const days = (payload as { days?: unknown }).days;
    if (typeof days !== 'number' || days < 1 || days > 3650) throw new Error('days must be 1–3650');
    return { days };
  },
  async handler(payload, ctx) {
    const sinceDay = new Date(Date.now() - payload.days * 86_400_000).toISOString().slice(0, 10);
    return { rescored: await rescoreRecent(ctx.db, { sinceDay }) };
  },
});
