/** Re-scores recent consignments after profiles or lists change. */
import { defineJob } from './queue.ts';
import { rescoreRecent } from '../services/risk/scoring.service.ts';
import { retroHunt } from '../services/risk/retrohunt.ts';

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

export const retroHuntJob = defineJob<{ entryIds: string[]; days: number }>({
  name: 'watchlist.retrohunt',
  parse(payload) {
    const p = payload as { entryIds?: unknown; days?: unknown };
    if (!Array.isArray(p.entryIds) || !p.entryIds.every((x) => typeof x === 'string')) throw new Error('entryIds must be a list of ids');
    const days = typeof p.days === 'number' ? p.days : 90;
    return { entryIds: p.entryIds as string[], days };
  },
  async handler(payload, ctx) {
    const result = await retroHunt(ctx.db, payload.entryIds, payload.days, ctx.progress);
    return { entries: result.entries, candidates: result.candidates, hits: result.hits.slice(0, 1000), hitCount: result.hits.length };
  },
});
