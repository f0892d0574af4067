import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { consignments, equipment, jobs, units, watchlistEntries } from '../../db/schema.ts';
import { retroHunt } from '../../services/risk/retrohunt.ts';
import { claimNext, runJob } from '../../jobs/queue.ts';
import { jobRegistry } from '../../jobs/definitions.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, headers: { ...bearer(await tokenFor(store, user)), ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });

async function runJobs() {
  const reg = jobRegistry();
  for (;;) {
    const job = await claimNext(store.db, 'test', [...reg.keys()]);
    if (!job) return;
    await runJob(store.db, reg, job, silent);
  }
}

describe('watchlists and screening', () => {
  it('imports FollowTheMoney lines, reports a bad line, retro-hunts recent cargo across scripts and ranks the hit', async () => {
    const created = await api('admin', 'POST', '/api/v1/risk/watchlists', { ownerScope: 'network', name: 'Network sanctions', kind: 'entities', weight: 80, lane: 'red' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;
    // The demo consignee in Aktau is 'ТОО "Каспий Логистик"' (Cyrillic); the list has it in Latin.
    const ftm = [
      JSON.stringify({ id: 'os-1', schema: 'Company', properties: { name: ['Kaspiy Logistik LLP'], country: ['kz'] } }),
      '{ not json',
      JSON.stringify({ id: 'os-2', schema: 'Person', properties: { name: ['Rustam Akhmedov'], alias: ['Ахмедов Рустам'], birthDate: ['1975-03-02'] } }),
      '',
    ].join('\n');
    const boundary = '----wl';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="opensanctions.ftm.json"\r\nContent-Type: application/json\r\n\r\n${ftm}\r\n--${boundary}--\r\n`;
    const imported = await api('admin', 'POST', `/api/v1/risk/watchlists/${id}/import`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(imported.statusCode, imported.body).toBe(200);
    const r = imported.json().data;
    expect(r).toMatchObject({ added: 2, rejected: 1 });
    expect(r.problems[0]).toMatchObject({ line: 2 });
    expect(r.retroHuntJobId).toBeTruthy();

    await runJobs();
    const [job] = await store.db.select().from(jobs).where(eq(jobs.id, r.retroHuntJobId));
    expect(job!.state).toBe('done');
    expect((job!.result as { hitCount: number }).hitCount).toBeGreaterThan(0);
    const jobView = await api('admin', 'GET', `/api/v1/jobs/${r.retroHuntJobId}`);
    expect(jobView.json().data.state).toBe('done');
    expect((await api('kz.officer', 'GET', `/api/v1/jobs/${r.retroHuntJobId}`)).statusCode).toBe(404);

    const [aktau] = await store.db.select().from(units).where(eq(units.code, 'KZ-AAU-PCU'));
    const queue = await api('kz.unit_head', 'GET', `/api/v1/targeting/queue?unitId=${aktau!.id}&includeDecided=true&limit=200`);
    type R = { kind: string; watchlistName?: string };
    const ours = (x: R) => x.kind === 'watchlist' && x.watchlistName === 'Network sanctions';
    const withHit = queue.json().data.filter((q: { reasons: R[] }) => q.reasons.some(ours));
    expect(withHit.length).toBeGreaterThan(0);
    const reason = withHit[0].reasons.find(ours);
    expect(reason).toMatchObject({ watchlistName: 'Network sanctions', on: expect.stringMatching(/consignee|notify/), matchedName: 'Kaspiy Logistik LLP' });
    expect(reason.value).toMatch(/Каспий/);
    expect(withHit[0].score).toBeGreaterThan(50);
  });

  it('screens a name with an explanation, only against lists the caller may see', async () => {
    const res = await api('uz.officer', 'GET', `/api/v1/risk/screen?name=${encodeURIComponent('АХМЕДОВ Рустам')}`);
    expect(res.statusCode).toBe(200);
    const hit = res.json().data[0];
    expect(hit).toMatchObject({ watchlist: 'Network sanctions' });
    expect(hit.score).toBeGreaterThan(0.8);
    expect(hit.explanation).toBeTruthy();
    const kzList = await api('kz.national_coordinator', 'POST', '/api/v1/risk/watchlists', { ownerScope: 'country', name: 'KZ local', kind: 'entities', weight: 40, lane: 'yellow' });
    await api('kz.national_coordinator', 'POST', `/api/v1/risk/watchlists/${kzList.json().data.id}/entries`, [{ schema: 'Company', names: ['Qyzylorda Trading LLP'] }]);
    expect((await api('uz.officer', 'GET', `/api/v1/risk/screen?name=Qyzylorda+Trading`)).json().data).toEqual([]);
    expect((await api('kz.officer', 'GET', `/api/v1/risk/screen?name=Qyzylorda+Trading`)).json().data[0].watchlist).toBe('KZ local');
  });

  it('rejects entries without anything to match on, and a bad IMO, naming the field', async () => {
    const list = await api('admin', 'POST', '/api/v1/risk/watchlists', { ownerScope: 'network', name: 'Vessels of interest', kind: 'vessels', weight: 60, lane: 'red' });
    const res = await api('admin', 'POST', `/api/v1/risk/watchlists/${list.json().data.id}/entries`, [
      { schema: 'Vessel', imoNumber: '9074728' },
      { schema: 'Vessel', imoNumber: '9074729', names: ['MSC ANNA'] },
      { schema: 'Company' },
    ]);
    expect(res.json().data).toMatchObject({ added: 1, rejected: 2 });
    expect(res.json().data.problems.map((p: { field: string }) => p.field)).toEqual(['imoNumber', 'names']);
  });

  it('pages and searches the entries of a watchlist, and removes one', async () => {
    const created = await api('kz.officer', 'POST', '/api/v1/risk/watchlists', { ownerScope: 'unit', name: 'Aktau paging test', kind: 'entities', weight: 40, lane: 'yellow' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as string;
    const entries = Array.from({ length: 30 }, (_, i) => ({ schema: 'Company', names: [`Paging Trader ${String(i).padStart(2, '0')} LLP`], externalId: `pg-${i}` }));
    entries.push({ schema: 'Company', names: ['ТОО «Каспий Поиск»', 'Kaspiy Poisk LLP'], externalId: 'pg-cyr' });
    expect((await api('kz.officer', 'POST', `/api/v1/risk/watchlists/${id}/entries`, entries)).json().data.added).toBe(31);
    const page2 = await api('kz.officer', 'GET', `/api/v1/risk/watchlists/${id}?limit=25&offset=25`);
    expect(page2.json().data).toMatchObject({ total: 31 });
    expect(page2.json().data.entries).toHaveLength(6);
    const found = await api('kz.officer', 'GET', `/api/v1/risk/watchlists/${id}?q=${encodeURIComponent('каспий')}`);
    expect(found.json().data.total).toBe(1);
    expect(found.json().data.entries[0].names).toContain('Kaspiy Poisk LLP');
    // LIKE wildcards in the search are text, not patterns.
    expect((await api('kz.officer', 'GET', `/api/v1/risk/watchlists/${id}?q=${encodeURIComponent('%')}`)).json().data.total).toBe(0);
    expect((await api('kz.officer', 'GET', `/api/v1/risk/watchlists/${id}?q=pg-1`)).json().data.total).toBe(11);
    const entryId = found.json().data.entries[0].id as string;
    expect((await api('kz.officer', 'DELETE', `/api/v1/risk/watchlists/${id}/entries/${entryId}`)).statusCode).toBe(204);
    expect((await api('kz.officer', 'GET', `/api/v1/risk/watchlists/${id}?q=Kaspiy`)).json().data.total).toBe(0);
    // Another country's officer does not see it at all.
    expect((await api('ge.officer', 'GET', `/api/v1/risk/watchlists/${id}?q=Kaspiy`)).statusCode).toBe(404);
  });

  it('retro-hunts by container, IMO and document number (exact identifiers, no name)', async () => {
    const [withBox] = await store.db
      .select({ id: consignments.id, container: equipment.containerNumber, imo: consignments.imoNumber, doc: consignments.documentNumber })
      .from(consignments)
      .innerJoin(equipment, eq(equipment.consignmentId, consignments.id))
      .where(eq(consignments.isCurrent, true))
      .limit(1);
    expect(withBox).toBeTruthy();
    // Through the API, as an analyst adds them (the in-memory screening index follows the change).
    const hunt = async (kind: 'containers' | 'vessels' | 'documents', entry: { containerNumber?: string; imoNumber?: string; documentNumber?: string }) => {
      const created = await api('admin', 'POST', '/api/v1/risk/watchlists', { ownerScope: 'network', name: `Retro ${kind} ${Object.values(entry).join()}`, kind, weight: 60, lane: 'red' });
      expect(created.statusCode, created.body).toBe(201);
      const listId = created.json().data.id as string;
      const added = await api('admin', 'POST', `/api/v1/risk/watchlists/${listId}/entries`, [{ schema: kind === 'vessels' ? 'Vessel' : 'Thing', ...entry }]);
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().data.added, added.body).toBe(1);
      const [e] = await store.db.select({ id: watchlistEntries.id }).from(watchlistEntries).where(eq(watchlistEntries.watchlistId, listId));
      return retroHunt(store.db, [e!.id], 36500);
    };
    const byContainer = await hunt('containers', { containerNumber: withBox!.container });
    expect(byContainer.hits.map((h) => h.consignmentId)).toContain(withBox!.id);
    const byDocument = await hunt('documents', { documentNumber: withBox!.doc });
    expect(byDocument.hits.map((h) => h.consignmentId)).toContain(withBox!.id);
    if (withBox!.imo) {
      const byImo = await hunt('vessels', { imoNumber: withBox!.imo });
      expect(byImo.hits.map((h) => h.consignmentId)).toContain(withBox!.id);
    }
    // An identifier nobody carries finds nothing.
    expect((await hunt('containers', { containerNumber: 'MSKU0000006' })).candidates).toBe(0);
  });
});
