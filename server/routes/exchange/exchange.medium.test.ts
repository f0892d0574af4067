import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { auditLog, consignments, equipment, units, warnings } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const unitIds: Record<string, string> = {};

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) unitIds[u.code] = u.id;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

type Method = 'GET' | 'POST' | 'DELETE';
const api = async (user: string, method: Method, url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

function multipart(filename: string, type: string, content: Buffer) {
  const boundary = `----irenTest${content.length}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = async (user: string, warningId: string, filename: string, type: string, content: Buffer) => {
  const m = multipart(filename, type, content);
  return app.inject({ method: 'POST', url: `/api/v1/warnings/${warningId}/attachments`, payload: m.payload, headers: { ...bearer(await tokenFor(store, user)), ...m.headers } });
};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body for the test')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

let seq = 0;
async function send(user: string, body: Record<string, unknown>) {
  seq++;
  const res = await api(user, 'POST', '/api/v1/warnings', { subject: `exchange test ${seq}`, reasons: 'test reasons', requestedAction: 'examine', facts: { containers: ['TGHU1234560'] }, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; state: string; forwardedFrom: string | null };
}

async function auditOf(type: string, entityId: string) {
  return store.db.select().from(auditLog).where(and(eq(auditLog.type, type), eq(auditLog.entityId, entityId)));
}

describe('sharing groups', () => {
  let groupId: string;

  it('a unit head creates a group with member countries and units; officers cannot', async () => {
    expect((await api('ge.officer', 'POST', '/api/v1/groups', { name: 'Operation Caspian' })).statusCode).toBe(403);
    const res = await api('ge.unit_head', 'POST', '/api/v1/groups', { name: 'Operation Caspian', description: 'Closed user group', members: [{ country: 'KZ' }, { country: 'UZ', unitId: unitIds['UZ-TER-LBU'] }] });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json().data;
    groupId = g.id;
    expect(g.ownerUnitId).toBe(unitIds['GE-PTI-PCU']);
    expect(g.members).toHaveLength(2);
    expect(g.can.manage).toBe(true);
    expect(await auditOf('group.created', groupId)).toHaveLength(1);
    expect(await auditOf('group.member_added', groupId)).toHaveLength(2);
  });

  it('a coordinator names the owning unit of their own country', async () => {
    const missing = await api('ge.national_coordinator', 'POST', '/api/v1/groups', { name: 'Coordinator group' });
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'ownerUnitId' } });
    const foreign = await api('ge.national_coordinator', 'POST', '/api/v1/groups', { name: 'Coordinator group', ownerUnitId: unitIds['KZ-AAU-PCU'] });
    expect(foreign.json().error.details.field).toBe('ownerUnitId');
    const ok = await api('ge.national_coordinator', 'POST', '/api/v1/groups', { name: 'Coordinator group', ownerUnitId: unitIds['GE-BUS-PCU'] });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('members and owner see it; others get 404 and do not find it in their list', async () => {
    const kz = await api('kz.officer', 'GET', '/api/v1/groups');
    expect(kz.json().data.map((g: { id: string }) => g.id)).toContain(groupId);
    expect((await api('kz.officer', 'GET', `/api/v1/groups/${groupId}`)).json().data.can.manage).toBe(false);
    // uz.officer works at Tashkent, not at the member unit Termez.
    expect((await api('uz.officer', 'GET', `/api/v1/groups/${groupId}`)).statusCode).toBe(404);
    expect((await api('uz.officer', 'GET', '/api/v1/groups')).json().data.map((g: { id: string }) => g.id)).not.toContain(groupId);
    expect((await api('uz.national_coordinator', 'GET', `/api/v1/groups/${groupId}`)).statusCode).toBe(200);
    for (const u of ['pk.officer', 'pk.observer', 'admin']) expect((await api(u, 'GET', `/api/v1/groups/${groupId}`)).statusCode, u).toBe(404);
  });

  it('only the owner admits and removes members; audited', async () => {
    const body = { country: 'UZ', unitId: unitIds['UZ-TAS-PCU'] };
    expect((await api('kz.unit_head', 'POST', `/api/v1/groups/${groupId}/members`, body)).statusCode).toBe(403);
    expect((await api('pk.unit_head', 'POST', `/api/v1/groups/${groupId}/members`, body)).statusCode).toBe(404);
    const added = await api('ge.unit_head', 'POST', `/api/v1/groups/${groupId}/members`, body);
    expect(added.statusCode, added.body).toBe(201);
    expect((await api('ge.unit_head', 'POST', `/api/v1/groups/${groupId}/members`, body)).json().error.code).toBe('CONFLICT');
    expect((await api('uz.officer', 'GET', `/api/v1/groups/${groupId}`)).statusCode).toBe(200);
    const wrongUnit = await api('ge.unit_head', 'POST', `/api/v1/groups/${groupId}/members`, { country: 'PK', unitId: unitIds['UZ-TAS-PCU'] });
    expect(wrongUnit.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'body.unitId' } });
    const removed = await api('ge.unit_head', 'DELETE', `/api/v1/groups/${groupId}/members?country=UZ&unitId=${unitIds['UZ-TAS-PCU']}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await api('uz.officer', 'GET', `/api/v1/groups/${groupId}`)).statusCode).toBe(404);
    expect(await auditOf('group.member_removed', groupId)).toHaveLength(1);
  });

  it('a group warning needs a groupId of a group the sender belongs to, and reaches its members only', async () => {
    const base = { subject: 'group warning', reasons: 'r r r', requestedAction: 'a a a', facts: { containers: ['TGHU1234560'] }, tlp: 'AMBER', distribution: 'group' };
    const none = await api('ge.unit_head', 'POST', '/api/v1/warnings', base);
    expect(none.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'groupId' } });
    const foreign = await api('pk.unit_head', 'POST', '/api/v1/warnings', { ...base, groupId });
    expect(foreign.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'groupId' } });
    const w = await send('ge.unit_head', { tlp: 'AMBER', distribution: 'group', groupId });
    expect((await api('kz.officer', 'GET', `/api/v1/warnings/${w.id}`)).statusCode).toBe(200);
    expect((await api('uz.officer', 'GET', `/api/v1/warnings/${w.id}`)).statusCode).toBe(404);
    // A member may also send to the group.
    expect((await api('kz.unit_head', 'POST', '/api/v1/warnings', { ...base, groupId })).statusCode).toBe(201);
  });
});

describe('forwarding under TLP 2.0', () => {
  it('GREEN: a recipient forwards to another country; the original owner sees the forward in the use log', async () => {
    const w = await send('ge.unit_head', { tlp: 'GREEN', distribution: 'named', recipients: [{ country: 'KZ' }] });
    expect((await api('uz.officer', 'GET', `/api/v1/warnings/${w.id}`)).statusCode).toBe(404);
    const fwd = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'UZ' }], note: 'Onward by rail to Tashkent' });
    expect(fwd.statusCode, fwd.body).toBe(201);
    const copy = fwd.json().data;
    expect(copy).toMatchObject({ forwardedFrom: w.id, senderCountry: 'KZ', state: 'sent', distribution: 'named', tlp: 'GREEN' });
    const seen = await api('uz.officer', 'GET', `/api/v1/warnings/${copy.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().data.warning.reasons).toContain('Onward by rail to Tashkent');
    // The forward does not open the original to the new recipient.
    expect((await api('uz.officer', 'GET', `/api/v1/warnings/${w.id}`)).statusCode).toBe(404);
    const owner = (await api('ge.unit_head', 'GET', `/api/v1/warnings/${w.id}`)).json().data;
    expect(owner.use).toContainEqual(expect.objectContaining({ type: 'warning.forwarded', country: 'KZ', n: 1 }));
    expect(await auditOf('warning.forwarded', w.id)).toHaveLength(1);
  });

  it('a forward of a forward is logged on the original too', async () => {
    const w = await send('ge.unit_head', { tlp: 'CLEAR', distribution: 'named', recipients: [{ country: 'KZ' }] });
    const first = (await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'UZ' }] })).json().data;
    const second = await api('uz.unit_head', 'POST', `/api/v1/warnings/${first.id}/forward`, { recipients: [{ country: 'TJ' }] });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().data.forwardedFrom).toBe(w.id);
    expect(await auditOf('warning.forwarded', w.id)).toHaveLength(2);
    expect(await auditOf('warning.forwarded', first.id)).toHaveLength(1);
  });

  it('AMBER: only to units of the forwarder’s own country', async () => {
    const w = await send('ge.unit_head', { tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] }] });
    const abroad = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'UZ' }] });
    expect(abroad.statusCode).toBe(403);
    expect(abroad.json().error).toMatchObject({ code: 'TLP_FORWARD_REFUSED', details: { field: 'recipients', tlp: 'AMBER' } });
    expect(abroad.json().error.details.rule).toMatch(/AMBER.*own country/);
    const mixed = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'KZ', unitId: unitIds['KZ-ALA-ACCU'] }, { country: 'UZ' }] });
    expect(mixed.json().error.code).toBe('TLP_FORWARD_REFUSED');
    const home = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'KZ', unitId: unitIds['KZ-ALA-ACCU'] }] });
    expect(home.statusCode, home.body).toBe(201);
    // An officer's forward waits for the unit head, like any outgoing warning.
    const byOfficer = await api('kz.officer', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'KZ' }] });
    expect(byOfficer.json().data.state).toBe('pending_approval');
  });

  it('AMBER+STRICT and RED are never forwarded; a warning one cannot see answers 404', async () => {
    const strict = await send('ge.unit_head', { tlp: 'AMBER+STRICT', distribution: 'named', recipients: [{ country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] }] });
    const red = await send('ge.unit_head', { tlp: 'RED', distribution: 'named', recipients: [{ country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] }] });
    for (const w of [strict, red]) {
      const res = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'KZ' }] });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('TLP_FORWARD_REFUSED');
      expect((await api('kz.unit_head', 'GET', `/api/v1/warnings/${w.id}`)).json().data.can.forward).toBe(false);
    }
    expect((await api('uz.unit_head', 'POST', `/api/v1/warnings/${strict.id}/forward`, { recipients: [{ country: 'UZ' }] })).statusCode).toBe(404);
    expect((await api('pk.observer', 'POST', `/api/v1/warnings/${strict.id}/forward`, { recipients: [{ country: 'PK' }] })).statusCode).toBe(404);
    // A coordinator sees what is named to their country's units but forwards nothing (a forward comes from a unit).
    expect((await api('kz.national_coordinator', 'POST', `/api/v1/warnings/${strict.id}/forward`, { recipients: [{ country: 'KZ' }] })).statusCode).toBe(403);
  });

  it('names the bad field for unknown recipients', async () => {
    const w = await send('ge.unit_head', { tlp: 'GREEN', distribution: 'named', recipients: [{ country: 'KZ' }] });
    const res = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [{ country: 'UZ', unitId: unitIds['KZ-ALA-ACCU'] }] });
    expect(res.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'recipients[0].unitId' } });
    const empty = await api('kz.unit_head', 'POST', `/api/v1/warnings/${w.id}/forward`, { recipients: [] });
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body.recipients' } });
  });
});

describe('attachments', () => {
  let warningId: string;
  let attachmentId: string;

  beforeAll(async () => {
    warningId = (await send('ge.unit_head', { tlp: 'GREEN', distribution: 'named', recipients: [{ country: 'KZ' }] })).id;
  });

  it('the sending unit attaches images and PDFs, typed by their content', async () => {
    const png = await upload('ge.officer', warningId, 'x-ray scan.png', 'image/png', PNG);
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().data).toMatchObject({ filename: 'x-ray scan.png', contentType: 'image/png', size: PNG.length });
    attachmentId = png.json().data.id;
    // Declared as octet-stream: the first bytes decide.
    const pdf = await upload('ge.unit_head', warningId, '../../etc/bill of lading.pdf', 'application/octet-stream', PDF);
    expect(pdf.json().data).toMatchObject({ contentType: 'application/pdf', filename: 'bill of lading.pdf' });
    expect(await auditOf('warning.attachment_added', warningId)).toHaveLength(2);
  });

  it('refuses other types, mismatched declarations, large files and other units', async () => {
    const exe = await upload('ge.unit_head', warningId, 'tool.exe', 'application/pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', details: { field: 'file' } });
    const lying = await upload('ge.unit_head', warningId, 'photo.jpg', 'image/jpeg', PNG);
    expect(lying.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', details: { declaredType: 'image/jpeg', detectedType: 'image/png' } });
    const big = await upload('ge.unit_head', warningId, 'big.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
    const empty = await upload('ge.unit_head', warningId, 'empty.pdf', 'application/pdf', Buffer.alloc(0));
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'file' } });
    const json = await api('ge.unit_head', 'POST', `/api/v1/warnings/${warningId}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect((await upload('kz.unit_head', warningId, 'a.png', 'image/png', PNG)).statusCode).toBe(403);
    expect((await upload('uz.unit_head', warningId, 'a.png', 'image/png', PNG)).statusCode).toBe(404);
  });

  it('recipients download it (audited); others get 404', async () => {
    const got = await api('kz.officer', 'GET', `/api/v1/warnings/${warningId}/attachments/${attachmentId}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toContain('attachment;');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const reads = await auditOf('warning.attachment_read', warningId);
    expect(reads.map((r) => r.data)).toContainEqual({ warningId, attachmentId, readerCountry: 'KZ' });
    for (const u of ['uz.officer', 'kz.observer', 'admin']) expect((await api(u, 'GET', `/api/v1/warnings/${warningId}/attachments/${attachmentId}`)).statusCode, u).toBe(404);
    // The attachment id under another (visible) warning is not found either.
    const other = await send('ge.unit_head', { tlp: 'GREEN', distribution: 'named', recipients: [{ country: 'KZ' }] });
    expect((await api('kz.officer', 'GET', `/api/v1/warnings/${other.id}/attachments/${attachmentId}`)).statusCode).toBe(404);
    const listed = (await api('kz.officer', 'GET', `/api/v1/warnings/${warningId}`)).json().data.attachments;
    expect(listed.map((a: { contentType: string }) => a.contentType).sort()).toEqual(['application/pdf', 'image/png']);
  });

  it('travel with a forward', async () => {
    const copy = (await api('kz.unit_head', 'POST', `/api/v1/warnings/${warningId}/forward`, { recipients: [{ country: 'UZ' }] })).json().data;
    const read = (await api('uz.officer', 'GET', `/api/v1/warnings/${copy.id}`)).json().data;
    expect(read.attachments).toHaveLength(2);
    const got = await api('uz.officer', 'GET', `/api/v1/warnings/${copy.id}/attachments/${read.attachments.find((a: { contentType: string }) => a.contentType === 'image/png').id}`);
    expect(got.rawPayload.equals(PNG)).toBe(true);
  });
});

describe('redaction of personal data', () => {
  const parties = [
    { name: 'Giorgi Tsereteli', role: 'consignee', country: 'GE' },
    { name: 'Caspian Textile Group LLP', role: 'shipper', country: 'KZ' },
  ];
  let warningId: string;

  beforeAll(async () => {
    warningId = (await send('ge.unit_head', { tlp: 'GREEN', distribution: 'network', redactPersonal: true, facts: { containers: ['MSKU7654325'], parties } })).id;
  });

  it('other countries see "[redacted]" with role and country kept; the names are not in the response', async () => {
    for (const u of ['kz.officer', 'uz.national_coordinator']) {
      const res = await api(u, 'GET', `/api/v1/warnings/${warningId}`);
      expect(res.json().data.warning.facts.parties).toEqual([
        { name: '[redacted]', role: 'consignee', country: 'GE' },
        { name: '[redacted]', role: 'shipper', country: 'KZ' },
      ]);
      expect(res.json().data.warning.redacted).toBe(true);
      expect(res.body).not.toContain('Tsereteli');
      expect(res.body).not.toContain('Caspian Textile');
      expect(res.json().data.warning.facts.containers).toEqual(['MSKU7654325']);
    }
  });

  it("the sender's country sees the names", async () => {
    for (const u of ['ge.officer', 'ge.national_coordinator']) {
      const w = (await api(u, 'GET', `/api/v1/warnings/${warningId}`)).json().data.warning;
      expect(w.facts.parties.map((p: { name: string }) => p.name)).toEqual(parties.map((p) => p.name));
      expect(w.redacted).toBe(false);
    }
    // Another GE unit (Batumi) receives the network warning with names too — same country.
    const unredacted = await store.db.select().from(warnings).where(eq(warnings.id, warningId));
    expect(unredacted[0]!.facts.parties[0]!.name).toBe('Giorgi Tsereteli');
  });

  it('a forward by another country stores only what the forwarder saw', async () => {
    const copy = (await api('kz.unit_head', 'POST', `/api/v1/warnings/${warningId}/forward`, { recipients: [{ country: 'KZ', unitId: unitIds['KZ-ALA-ACCU'] }] })).json().data;
    const [row] = await store.db.select().from(warnings).where(eq(warnings.id, copy.id));
    expect(row!.facts.parties.map((p) => p.name)).toEqual(['[redacted]', '[redacted]']);
    expect(row!.redactPersonal).toBe(true);
  });
});

describe('requests for information', () => {
  let requestId: string;

  it('a KZ officer asks Georgia; any GE unit and the coordinator see it; outsiders get 404', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/requests', { recipientCountry: 'GE', subject: 'Consignee history', body: 'Do you hold anything on Caspian Textile Group LLP?', tlp: 'AMBER', deadline: '2020-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    requestId = res.json().data.id;
    expect(res.json().data.state).toBe('open');
    for (const u of ['ge.officer', 'ge.unit_head', 'ge.national_coordinator', 'kz.unit_head', 'kz.national_coordinator']) {
      expect((await api(u, 'GET', `/api/v1/requests/${requestId}`)).statusCode, u).toBe(200);
    }
    for (const u of ['uz.officer', 'ge.observer', 'kz.observer', 'admin']) {
      expect((await api(u, 'GET', `/api/v1/requests/${requestId}`)).statusCode, u).toBe(404);
      const list = await api(u, 'GET', '/api/v1/requests?limit=200');
      expect(list.json().data.map((r: { id: string }) => r.id), u).not.toContain(requestId);
    }
    expect((await auditOf('request.read', requestId)).length).toBeGreaterThanOrEqual(5);
    expect(await auditOf('request.created', requestId)).toHaveLength(1);
  });

  it('inbox/outbox, state, text and overdue filters; paged with a total', async () => {
    const inbox = (await api('ge.officer', 'GET', '/api/v1/requests?box=inbox&state=open&q=Caspian')).json();
    expect(inbox.data.map((r: { id: string }) => r.id)).toContain(requestId);
    expect(inbox.data.find((r: { id: string }) => r.id === requestId)).toMatchObject({ outgoing: false, overdue: true, replyCount: 0, senderCountry: 'KZ' });
    expect((await api('ge.officer', 'GET', '/api/v1/requests?box=outbox')).json().data.map((r: { id: string }) => r.id)).not.toContain(requestId);
    expect((await api('kz.officer', 'GET', '/api/v1/requests?box=outbox&overdue=true')).json().data.map((r: { id: string }) => r.id)).toContain(requestId);
    expect((await api('ge.officer', 'GET', '/api/v1/requests?q=nothing-like-this')).json().data).toHaveLength(0);
    const page = (await api('ge.officer', 'GET', '/api/v1/requests?limit=1')).json();
    expect(page.page).toMatchObject({ limit: 1, offset: 0 });
    expect(page.page.total).toBeGreaterThanOrEqual(1);
    expect((await api('ge.officer', 'GET', '/api/v1/requests?state=bogus')).json().error.details.field).toBe('querystring.state');
  });

  it('the receiving side replies (answered), the sender closes, no reply after closing', async () => {
    const reply = await api('ge.officer', 'POST', `/api/v1/requests/${requestId}/replies`, { body: 'Seized 40 kg in Poti in November; consignee identical.' });
    expect(reply.statusCode, reply.body).toBe(201);
    const read = (await api('kz.officer', 'GET', `/api/v1/requests/${requestId}`)).json().data;
    expect(read.request.state).toBe('answered');
    expect(read.replies).toHaveLength(1);
    expect(read.replies[0]).toMatchObject({ country: 'GE', unitCode: 'GE-PTI-PCU' });
    expect((await api('ge.officer', 'POST', `/api/v1/requests/${requestId}/close`)).statusCode).toBe(403);
    expect((await api('uz.officer', 'POST', `/api/v1/requests/${requestId}/replies`, { body: 'x' })).statusCode).toBe(404);
    const closed = await api('kz.officer', 'POST', `/api/v1/requests/${requestId}/close`);
    expect(closed.json().data.state).toBe('closed');
    expect((await api('ge.officer', 'POST', `/api/v1/requests/${requestId}/replies`, { body: 'late' })).json().error.code).toBe('CONFLICT');
    expect(await auditOf('request.closed', requestId)).toHaveLength(1);
  });

  it('a request to one unit: other units of that country do not see it, its coordinator does', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/requests', { recipientCountry: 'GE', recipientUnitId: unitIds['GE-BUS-PCU'], subject: 'Batumi only', body: 'For the Batumi unit', tlp: 'RED' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().data.id;
    expect((await api('ge.officer', 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(404);
    expect((await api('ge.national_coordinator', 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(200);
  });

  it('clear errors naming the field', async () => {
    const base = { recipientCountry: 'GE', subject: 'abc', body: 'abc', tlp: 'GREEN' };
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, recipientCountry: 'XX' })).json().error.details.field).toBe('recipient[0].country');
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, recipientUnitId: unitIds['KZ-AAU-PCU'] })).json().error.details.field).toBe('recipient[0].unitId');
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, tlp: 'RED' })).json().error.details.field).toBe('tlp');
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, recipientCountry: 'KZ' })).json().error.details.field).toBe('recipientUnitId');
    const ge = (await store.db.select({ id: consignments.id }).from(consignments).where(eq(consignments.country, 'GE')).limit(1))[0]!.id;
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, consignmentId: ge })).json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'consignmentId' } });
    expect((await api('kz.officer', 'POST', '/api/v1/requests', { ...base, hint: { kind: 'ship', value: 'x' } })).json().error.details.field).toBe('body.hint.kind');
    expect((await api('kz.observer', 'POST', '/api/v1/requests', base)).statusCode).toBe(403);
    expect((await api('kz.national_coordinator', 'POST', '/api/v1/requests', base)).statusCode).toBe(403);
  });
});

describe('correlations', () => {
  const CONTAINER = 'CAIU5439014';
  let geConsignment: string;
  let kzConsignment: string;

  beforeAll(async () => {
    // One container seen in Poti (GE) and expected in Aktau (KZ).
    const aktau = { id: unitIds['KZ-AAU-PCU']!, country: 'KZ' };
    const poti = { id: unitIds['GE-PTI-PCU']!, country: 'GE' };
    for (const [unit, doc, seed] of [
      [poti, 'CORRGE0001', 501],
      [aktau, 'CORRKZ0001', 502],
    ] as const) {
      const base = [...demoConsignments({ place: unit.country === 'GE' ? 'GEPTI' : 'KZAAU', country: unit.country, count: 1, seed, today: DEMO_TODAY })][0]!;
      const c = { ...base, documentNumber: doc, equipment: [{ containerNumber: CONTAINER, sizeType: '45G1', seals: ['S1'], fullEmpty: 'FULL' as const }], goodsItems: base.goodsItems.map((g) => ({ ...g, containerNumbers: [CONTAINER] })) };
      await importConsignments(store.db, { unit, format: 'json', source: [JSON.stringify(c)], fileName: `${doc}.json`, ctx: SYSTEM_CONTEXT });
    }
    const ids = await store.db.select({ id: consignments.id, doc: consignments.documentNumber }).from(consignments).innerJoin(equipment, eq(equipment.consignmentId, consignments.id)).where(eq(equipment.containerNumber, CONTAINER));
    geConsignment = ids.find((i) => i.doc === 'CORRGE0001')!.id;
    kzConsignment = ids.find((i) => i.doc === 'CORRKZ0001')!.id;
  });

  it("another country's consignment gives only a hint: kind and holder country, no ids", async () => {
    const res = await api('ge.officer', 'GET', `/api/v1/correlations?consignmentId=${geConsignment}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json().data;
    expect(d.hints).toContainEqual({ kind: 'container', holderCountry: 'KZ', value: CONTAINER });
    expect(res.body).not.toContain(kzConsignment);
    expect(res.body).not.toContain('CORRKZ0001');
    expect(d.items.some((i: { id: string }) => i.id === kzConsignment)).toBe(false);
  });

  it('a visible warning about the container is listed with its link; an invisible one is a hint', async () => {
    const toKz = await send('ge.unit_head', { tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'KZ' }], facts: { containers: [CONTAINER] } });
    const kz = (await api('kz.officer', 'GET', `/api/v1/correlations?consignmentId=${kzConsignment}`)).json().data;
    expect(kz.items).toContainEqual(expect.objectContaining({ type: 'warning', id: toKz.id, country: 'GE', on: 'container', value: CONTAINER }));
    expect(kz.hints).toContainEqual({ kind: 'container', holderCountry: 'GE', value: CONTAINER });
    const ownUnit = await send('ge.unit_head', { tlp: 'AMBER+STRICT', distribution: 'own_unit', facts: { containers: [CONTAINER] } });
    const ge = await api('ge.officer', 'GET', `/api/v1/correlations?consignmentId=${geConsignment}`);
    expect(ge.json().data.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([toKz.id, ownUnit.id]));
    // From a warning: KZ sees the GE consignment only as a hint.
    const fromWarning = await api('kz.officer', 'GET', `/api/v1/correlations?warningId=${toKz.id}`);
    expect(fromWarning.json().data.items.map((i: { id: string }) => i.id)).toContain(kzConsignment);
    expect(fromWarning.body).not.toContain(geConsignment);
    expect(fromWarning.body).not.toContain(ownUnit.id);
    expect(fromWarning.json().data.hints).toContainEqual({ kind: 'container', holderCountry: 'GE', value: CONTAINER });
  });

  it('a hint becomes a request to the holder without revealing more', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/requests', { recipientCountry: 'GE', subject: 'Related information on a container', body: 'Your country holds information related to our container; please share.', tlp: 'AMBER', consignmentId: kzConsignment, hint: { kind: 'container', value: CONTAINER } });
    expect(res.statusCode, res.body).toBe(201);
    const read = (await api('ge.officer', 'GET', `/api/v1/requests/${res.json().data.id}`)).json().data.request;
    expect(read).toMatchObject({ hintKind: 'container', hintValue: CONTAINER });
  });

  it('the source must be visible; exactly one source', async () => {
    expect((await api('kz.officer', 'GET', `/api/v1/correlations?consignmentId=${geConsignment}`)).statusCode).toBe(404);
    expect((await api('pk.observer', 'GET', `/api/v1/correlations?consignmentId=${geConsignment}`)).statusCode).toBe(404);
    expect((await api('ge.officer', 'GET', '/api/v1/correlations')).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('a redacted party only ever gives a hint', async () => {
    const name = 'Caspian Textile Group LLP';
    const w = await send('ge.unit_head', { tlp: 'GREEN', distribution: 'network', redactPersonal: true, facts: { parties: [{ name, role: 'consignee' }] } });
    const mine = await send('kz.unit_head', { tlp: 'GREEN', distribution: 'own_unit', facts: { parties: [{ name: 'Caspian Textile Group', role: 'consignee' }] } });
    const d = (await api('kz.unit_head', 'GET', `/api/v1/correlations?warningId=${mine.id}`)).json().data;
    expect(d.items.map((i: { id: string }) => i.id)).not.toContain(w.id);
    expect(d.hints).toContainEqual({ kind: 'party', holderCountry: 'GE', value: 'Caspian Textile Group' });
    // GE sees its own warning's party match listed.
    const ge = (await api('ge.unit_head', 'GET', `/api/v1/correlations?warningId=${w.id}`)).json().data;
    expect(ge.hints).toContainEqual({ kind: 'party', holderCountry: 'KZ', value: name });
  });
});

describe('refer to partner: warning draft', () => {
  it('pre-fills facts, reasons, ETA and onward network countries from the consignment', async () => {
    const [c] = await store.db.select().from(consignments).where(and(eq(consignments.country, 'KZ'), eq(consignments.mode, 'sea'))).limit(1);
    const res = await api('kz.officer', 'GET', `/api/v1/consignments/${c!.id}/warning-draft`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json().data;
    expect(d.consignmentId).toBe(c!.id);
    expect(d.facts.documents).toContain(c!.documentNumber);
    expect(d.facts.containers.length).toBeGreaterThan(0);
    expect(d.deadline).toBe(c!.estimatedArrivalDate?.slice(0, 10) ?? null);
    expect(d.recipients.every((r: { country: string }) => r.country !== 'KZ')).toBe(true);
    // Route transit ports in the network become suggested recipients (e.g. Alat AZ, Poti GE).
    const onward = [...c!.transshipments, c!.placeOfDischarge].filter(Boolean).map((p) => p!.slice(0, 2)).filter((x) => x !== 'KZ' && ['AZ', 'GE', 'TM', 'UZ', 'AF', 'KG', 'PK', 'TJ', 'UA'].includes(x));
    for (const country of onward) expect(d.recipients).toContainEqual({ country, unitId: null });
    // Posting the draft creates the warning.
    const posted = await api('kz.unit_head', 'POST', '/api/v1/warnings', { subject: d.subject, consignmentId: d.consignmentId, reasons: d.reasons || 'high risk', requestedAction: d.requestedAction, tlp: d.tlp, distribution: 'named', recipients: d.recipients.length ? d.recipients : [{ country: 'GE' }] });
    expect(posted.statusCode, posted.body).toBe(201);
    expect((await api('ge.officer', 'GET', `/api/v1/consignments/${c!.id}/warning-draft`)).statusCode).toBe(404);
  });
});
