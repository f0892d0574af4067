/** The demo seed shows joint operations and meeting follow-up working on first start. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/client.ts';
import { DEMO_OPERATION_CODE } from './demo-operations.ts';
import { testStore } from '../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../test/http.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = async (user: string, url: string) => app.inject({ method: 'GET', url, headers: bearer(await tokenFor(store, user)) });

describe('demo operations and meetings', () => {
  it('IREN-CASPIAN-2026 is active, mapped, reported on, and has a group warning with an answer', async () => {
    const list = (await get('az.officer', '/api/v1/operations?limit=200')).json().data as { id: string; code: string; state: string }[];
    const op = list.find((o) => o.code === DEMO_OPERATION_CODE);
    expect(op?.state).toBe('active');
    const d = (await get('az.officer', `/api/v1/operations/${op!.id}`)).json().data;
    expect(d.countries).toEqual(['AZ', 'GE', 'KZ', 'TM', 'UA', 'UZ']);
    expect(d.units.filter((u: { lat: number | null }) => u.lat !== null)).toHaveLength(6);
    expect(d.profiles).toHaveLength(2);
    const reports = (await get('az.officer', `/api/v1/operations/${op!.id}/daily-reports`)).json();
    expect(reports.totals.reports).toBeGreaterThan(25);
    const feed = (await get('az.officer', `/api/v1/operations/${op!.id}/feed`)).json().data as { kind: string }[];
    expect(feed.map((f) => f.kind)).toEqual(expect.arrayContaining(['warning', 'feedback']));
    const report = (await get('kz.unit_head', `/api/v1/operations/${op!.id}/report`)).json().data;
    expect(report.warnings).toMatchObject({ exchanged: 1, answered: 1 });
    expect(report.cargo.screened).toBeGreaterThan(0);
    // Not a participant: Pakistan.
    expect((await get('pk.officer', `/api/v1/operations/${op!.id}`)).statusCode).toBe(404);
  });

  it('the Tashkent expert meeting has recommendations in every follow-up state', async () => {
    const meetings = (await get('pk.observer', '/api/v1/meetings')).json().data as { id: string; title: string; recommendations: number }[];
    const m = meetings.find((x) => x.title === 'IREN expert meeting, Tashkent');
    expect(m?.recommendations).toBe(8);
    const f = (await get('pk.observer', `/api/v1/recommendations/follow-up?meetingId=${m!.id}`)).json().data;
    for (const g of ['done', 'late', 'in_progress', 'not_started', 'cancelled']) expect(f.counts[g], g).toBeGreaterThan(0);
  });
});
