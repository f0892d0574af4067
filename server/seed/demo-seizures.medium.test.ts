/** The demo seed shows seizures and statistics working on first start. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/client.ts';
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

describe('demo seizures', () => {
  it('the Aktau heroin seizure was made on the Poti warning', async () => {
    const list = (await get('kz.officer', '/api/v1/seizures?onSharedInformation=true&limit=200')).json().data as { id: string; reference: string }[];
    const aktau = list.find((s) => s.reference === 'KZ-AAU-D26');
    expect(aktau).toBeTruthy();
    const d = (await get('kz.officer', `/api/v1/seizures/${aktau!.id}`)).json().data;
    expect(d.sharedBy).toEqual([expect.objectContaining({ country: 'GE', unitCode: 'GE-PTI-PCU' })]);
  });

  it('the operation seizures are shared with its group, and the dashboard counts seizures across countries', async () => {
    const inOperation = (await get('ge.officer', '/api/v1/seizures?limit=200')).json().data as { reference: string; operationId: string | null }[];
    expect(inOperation.filter((s) => s.operationId).map((s) => s.reference).sort()).toEqual(['AZ-ALA-D27', 'KZ-AAU-D28', 'TM-KRW-D29']);
    const d = (await get('pk.observer', '/api/v1/statistics/dashboard')).json().data;
    expect(d.kpis.seizures).toBeGreaterThanOrEqual(25);
    expect(d.kpis.onSharedInformation).toBeGreaterThanOrEqual(3);
    expect(d.byCountry.length).toBeGreaterThanOrEqual(9);
    expect(d.routes.length).toBeGreaterThan(10);
    expect(d.byCommodity.map((c: { commodity: string }) => c.commodity)).toEqual(expect.arrayContaining(['heroin', 'opium', 'methamphetamine', 'captagon', 'acetic_anhydride', 'cigarettes', 'weapons', 'ammunition']));
  });
});
