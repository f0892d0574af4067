import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../db/client.ts';
import { auditLog, jobs, users } from '../../db/schema.ts';
import { claimNext, runJob } from '../../jobs/queue.ts';
import { jobRegistry } from '../../jobs/definitions.ts';
import { EMAIL_JOB, WEBHOOK_JOB } from '../../services/delivery/dispatch.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

/** Runs due jobs of one kind until none is due; returns how many ran. */
async function runDue(name: string): Promise<number> {
  const reg = jobRegistry();
  let n = 0;
  for (;;) {
    const job = await claimNext(store.db, 'test-worker', [name]);
    if (!job) return n;
    await runJob(store.db, reg, job, quiet);
    n += 1;
  }
}

const SUBJECT = 'Heroin in marble slabs — delivery test';
const PARTY = 'Anatolia Stoneworks LLC';
const sendWarning = async (recipients: { country: string }[], subject = SUBJECT) => {
  const res = await api('ge.unit_head', 'POST', '/api/v1/warnings', {
    subject,
    facts: { containers: ['MRKU1234565'], parties: [{ name: PARTY, role: 'shipper' }] },
    reasons: 'Shipper linked to the March seizure',
    requestedAction: 'Physical examination',
    deadline: '2099-01-15',
    tlp: 'AMBER',
    distribution: 'named',
    recipients,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
};

describe('webhooks for national systems', () => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answers: number[] = [];
  let receiver: http.Server;
  let url: string;
  let hookId: string;
  let secret: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/iren-events`;
    // The receiver is local: opt in to private targets, as an on-premises national system would.
    process.env.IREN_WEBHOOK_ALLOW_PRIVATE = '1';
  });
  afterAll(async () => {
    delete process.env.IREN_WEBHOOK_ALLOW_PRIVATE;
    await new Promise((r) => receiver.close(r));
  });

  it('a national coordinator creates one for their country; the secret is shown once; creation is audited', async () => {
    const res = await api('tj.national_coordinator', 'POST', '/api/v1/webhooks', { url, events: ['warning.received', 'warning.matched'] });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json().data;
    hookId = d.webhook.id;
    secret = d.secret;
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(d.webhook).toMatchObject({ country: 'TJ', url, active: true, can: { update: true, delete: true } });
    expect(d.webhook.secret).toBeUndefined();
    const list = (await api('tj.national_coordinator', 'GET', '/api/v1/webhooks')).json().data;
    expect(list.map((w: { id: string }) => w.id)).toEqual([hookId]);
    expect(JSON.stringify(list)).not.toContain(secret);
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'webhook.created'), eq(auditLog.entityId, hookId)));
    expect(audit).toHaveLength(1);
  });

  it('only coordinators (own country) and the network admin manage webhooks', async () => {
    expect((await api('tj.officer', 'POST', '/api/v1/webhooks', { url, events: ['warning.received'] })).statusCode).toBe(403);
    expect((await api('tj.unit_head', 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await api('uz.national_coordinator', 'POST', '/api/v1/webhooks', { url, events: ['warning.received'], country: 'TJ' })).statusCode).toBe(403);
    expect((await api('uz.national_coordinator', 'GET', '/api/v1/webhooks')).json().data).toEqual([]);
    expect((await api('uz.national_coordinator', 'PATCH', `/api/v1/webhooks/${hookId}`, { active: false })).statusCode).toBe(404);
    expect((await api('uz.national_coordinator', 'GET', `/api/v1/webhooks/${hookId}/deliveries`)).statusCode).toBe(404);
    expect((await api('admin', 'GET', '/api/v1/webhooks')).json().data.map((w: { id: string }) => w.id)).toContain(hookId);
  });

  it('rejects URLs that are not http(s), naming the field', async () => {
    for (const bad of ['ftp://example.org/x', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      const res = await api('tj.national_coordinator', 'POST', '/api/v1/webhooks', { url: bad, events: ['warning.received'] });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.details.field, bad).toMatch(/url$/);
    }
    const badEvent = await api('tj.national_coordinator', 'POST', '/api/v1/webhooks', { url, events: ['warning.deleted'] });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.json().error.details.field).toMatch(/^body\.events/);
  });

  it('delivers a signed {event, id, occurredAt, link}; a 500 is retried with backoff; the log shows attempts', async () => {
    answers = [500];
    const warningId = await sendWarning([{ country: 'TJ' }]);
    // Not subscribed to this country: no delivery for a warning that does not reach Tajikistan.
    await sendWarning([{ country: 'KG' }], 'Another one, for KG');

    expect(await runDue(WEBHOOK_JOB)).toBe(1);
    expect(received).toHaveLength(1);
    const [job] = await store.db.select().from(jobs).where(eq(jobs.name, WEBHOOK_JOB));
    expect(job).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now());
    let log = (await api('tj.national_coordinator', 'GET', `/api/v1/webhooks/${hookId}/deliveries`)).json();
    expect(log.data[0]).toMatchObject({ event: 'warning.received', state: 'pending', attempts: 1, lastStatus: 500 });

    // The backoff has passed (moved forward rather than waited for).
    await store.db.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, job!.id));
    expect(await runDue(WEBHOOK_JOB)).toBe(1);
    expect(received).toHaveLength(2);
    log = (await api('tj.national_coordinator', 'GET', `/api/v1/webhooks/${hookId}/deliveries`)).json();
    expect(log.page.total).toBe(1);
    expect(log.data[0]).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200, lastError: null });

    for (const r of received) {
      const expected = `sha256=${crypto.createHmac('sha256', secret).update(r.body).digest('hex')}`;
      expect(r.headers['x-iren-signature']).toBe(expected);
      expect(Number(r.headers['x-iren-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(r.headers['x-iren-event']).toBe('warning.received');
      expect(r.headers['content-type']).toBe('application/json');
      const body = JSON.parse(r.body);
      expect(Object.keys(body).sort()).toEqual(['event', 'id', 'link', 'occurredAt']);
      expect(body).toMatchObject({ event: 'warning.received', id: warningId });
      expect(body.link).toMatch(new RegExp(`/warnings/${warningId}$`));
      expect(r.body).not.toContain('Heroin');
      expect(r.body).not.toContain(PARTY);
    }
    // A tampered body does not verify.
    expect(`sha256=${crypto.createHmac('sha256', secret).update(`${received[0]!.body} `).digest('hex')}`).not.toBe(received[0]!.headers['x-iren-signature']);
  });

  it('switched off or deleted: nothing more is sent', async () => {
    const off = await api('tj.national_coordinator', 'PATCH', `/api/v1/webhooks/${hookId}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().data.active).toBe(false);
    await sendWarning([{ country: 'TJ' }], 'After switching off');
    expect(await runDue(WEBHOOK_JOB)).toBe(0);
    expect((await api('tj.national_coordinator', 'DELETE', `/api/v1/webhooks/${hookId}`)).statusCode).toBe(204);
    expect((await api('tj.national_coordinator', 'GET', `/api/v1/webhooks/${hookId}/deliveries`)).statusCode).toBe(404);
  });
});

describe('webhook targets must be public (SSRF guard)', () => {
  const received: string[] = [];
  let receiver: http.Server;
  let port: number;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    delete process.env.IREN_WEBHOOK_ALLOW_PRIVATE;
    await new Promise((r) => receiver.close(r));
  });

  it('refuses private, loopback, link-local and metadata addresses at registration, naming url', async () => {
    const refused: [string, string][] = [
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://10.20.30.40/hook', 'private'],
      ['http://192.168.1.10/hook', 'private'],
      ['http://[::1]:8080/hook', 'loopback'],
      ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://localhost:8080/hook', 'loopback'],
      ['http://0.0.0.0/hook', 'unspecified'],
      ['http://[fd00::1]/hook', 'private'],
    ];
    for (const [bad, range] of refused) {
      const res = await api('tj.national_coordinator', 'POST', '/api/v1/webhooks', { url: bad, events: ['warning.received'] });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error, bad).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: { field: 'url', range } });
      expect(res.json().error.message, bad).toMatch(/^url: /);
    }
    // A public address is accepted; changing it to a private one is refused the same way.
    const ok = await api('tj.national_coordinator', 'POST', '/api/v1/webhooks', { url: 'https://93.184.216.34/iren', events: ['warning.received'], active: false });
    expect(ok.statusCode, ok.body).toBe(201);
    const patch = await api('tj.national_coordinator', 'PATCH', `/api/v1/webhooks/${ok.json().data.webhook.id}`, { url: 'http://172.16.5.4/iren' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: { field: 'url', address: '172.16.5.4' } });
    expect((await api('tj.national_coordinator', 'DELETE', `/api/v1/webhooks/${ok.json().data.webhook.id}`)).statusCode).toBe(204);
  });

  it('IREN_WEBHOOK_ALLOW_PRIVATE=1 admits them; without it, delivery refuses to connect (loopback by IP and by name), not retried', async () => {
    process.env.IREN_WEBHOOK_ALLOW_PRIVATE = '1';
    const ids: string[] = [];
    for (const target of [`http://127.0.0.1:${port}/by-ip`, `http://localhost:${port}/by-name`]) {
      const res = await api('kg.national_coordinator', 'POST', '/api/v1/webhooks', { url: target, events: ['warning.received'] });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().data.webhook.id);
    }
    delete process.env.IREN_WEBHOOK_ALLOW_PRIVATE;
    await sendWarning([{ country: 'KG' }], 'For KG, whose hooks now point inside');
    expect(await runDue(WEBHOOK_JOB)).toBe(2);
    expect(received).toEqual([]);
    for (const id of ids) {
      const log = (await api('kg.national_coordinator', 'GET', `/api/v1/webhooks/${id}/deliveries`)).json();
      expect(log.data[0]).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, lastError: expect.stringMatching(/^refused: .*loopback address/) });
    }
    expect(await runDue(WEBHOOK_JOB)).toBe(0);

    // With the opt-in, the same hooks deliver.
    process.env.IREN_WEBHOOK_ALLOW_PRIVATE = '1';
    await sendWarning([{ country: 'KG' }], 'For KG, on-premises receivers allowed');
    expect(await runDue(WEBHOOK_JOB)).toBe(2);
    expect(received.sort()).toEqual(['/by-ip', '/by-name']);
  });
});

describe('e-mail through SMTP', () => {
  const mails: { to: string[]; raw: string }[] = [];
  let smtp: SMTPServer;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    process.env.IREN_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    process.env.IREN_PUBLIC_URL = 'https://iren.example.org';
    await store.db.update(users).set({ email: 'az.officer@customs.example', language: 'en' }).where(eq(users.username, 'az.officer'));
    await store.db.update(users).set({ email: 'az.head@customs.example', language: 'ru' }).where(eq(users.username, 'az.unit_head'));
  });
  afterAll(async () => {
    delete process.env.IREN_SMTP_URL;
    delete process.env.IREN_PUBLIC_URL;
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  /** Subject and text of a single-part mail, transfer encodings (base64, quoted-printable, encoded words) undone. */
  const decode = (raw: string) => {
    const at = raw.indexOf('\r\n\r\n');
    const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const body = raw.slice(at + 4);
    const cte = /^Content-Transfer-Encoding: (.+)$/im.exec(head)?.[1]?.trim().toLowerCase();
    const bytes =
      cte === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : cte === 'quoted-printable'
          ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
          : Buffer.from(body, 'latin1');
    const subjectRaw = /^Subject: (.+)$/im.exec(head)?.[1] ?? '';
    const subject = subjectRaw.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_m, b: string) => Buffer.from(b, 'base64').toString('utf8')).trim();
    return { subject, text: bytes.toString('utf8') };
  };

  it('sends a mail with only the link to users with an address, via the job queue', async () => {
    const warningId = await sendWarning([{ country: 'AZ' }]);
    const queued = await store.db.select().from(jobs).where(eq(jobs.name, EMAIL_JOB));
    expect(queued).toHaveLength(2);
    expect(await runDue(EMAIL_JOB)).toBe(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['az.head@customs.example', 'az.officer@customs.example']);
    const en = mails.find((m) => m.to[0] === 'az.officer@customs.example')!;
    expect(decode(en.raw).subject).toBe('iren: you have a new notification');
    expect(decode(en.raw).text).toContain(`You have a new warning in iren: https://iren.example.org/warnings/${warningId}`);
    const ru = decode(mails.find((m) => m.to[0] === 'az.head@customs.example')!.raw);
    expect(ru.subject).toBe('iren: у вас новое уведомление');
    expect(ru.text).toContain(`У вас новое предупреждение в iren: https://iren.example.org/warnings/${warningId}`);
    for (const m of mails) {
      const { subject, text: body } = decode(m.raw);
      const text = `${subject}\n${body}`;
      expect(text).not.toContain('Heroin');
      expect(text).not.toContain('marble');
      expect(text).not.toContain(PARTY);
      expect(text).not.toContain('MRKU1234565');
      expect(text).not.toContain('AMBER');
    }
    const done = await store.db.select().from(jobs).where(eq(jobs.name, EMAIL_JOB));
    expect(done.every((j) => j.state === 'done')).toBe(true);
  });

  it('an unreachable SMTP server fails the job for a retry', async () => {
    process.env.IREN_SMTP_URL = 'smtp://127.0.0.1:1';
    await sendWarning([{ country: 'AZ' }], 'Second one for AZ');
    expect(await runDue(EMAIL_JOB)).toBe(2);
    const retrying = await store.db.select().from(jobs).where(and(eq(jobs.name, EMAIL_JOB), eq(jobs.state, 'queued')));
    expect(retrying).toHaveLength(2);
    expect(retrying.every((j) => j.attempts === 1 && j.lastError)).toBe(true);
  });
});
