import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';
import { currentTotp } from '../../auth/totp.ts';
import { MAX_FAILED_LOGINS } from '../../services/auth.service.ts';
import { demoLogin, TEST_DEMO_PASSWORD, testStore } from '../../../test/db.ts';
import { bearer, loginAs, sessionCookie, testApp, tokenFor } from '../../../test/http.ts';
import { generate } from 'otplib';

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

async function login(username: string, password = TEST_DEMO_PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

describe('login with 2FA', () => {
  it('asks for the TOTP code, refuses API access until it is given, then lets the user in', async () => {
    const res = await login('ge.officer');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe('totp_required');
    const setCookie = res.headers['set-cookie'];
    expect(String(setCookie)).toMatch(/HttpOnly/i);
    expect(String(setCookie)).toMatch(/SameSite=Strict/i);
    const cookie = sessionCookie(res);

    const early = await app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie } });
    expect(early.statusCode).toBe(401);
    expect(early.json().error.code).toBe('TOTP_REQUIRED');

    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_TOTP');

    const code = await currentTotp(demoLogin('ge.officer').totpSecret!);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie }, payload: { code } });
    expect(ok.statusCode).toBe(200);
    // The same code cannot be used twice (replay).
    const again = await login('ge.officer');
    const replay = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie: sessionCookie(again) }, payload: { code } });
    expect(replay.json().error.code).toBe('INVALID_TOTP');

    const units = await app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie } });
    expect(units.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().data).toMatchObject({ username: 'ge.officer', role: 'officer', country: 'GE', mfaPassed: true, unit: { code: 'GE-PTI-PCU' } });
  });

  it('lets an observer in without 2FA', async () => {
    const res = await login('pk.observer');
    expect(res.json().data.status).toBe('ok');
  });

  it('makes a user without 2FA enrol before anything else, and gives recovery codes that work once', async () => {
    const admin = await tokenFor(store, 'admin');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: { username: 'ge.analyst2', displayName: 'Tamar Analyst', role: 'officer', unitId: (await unitId('GE-BUS-PCU')), password: 'a-long-enough-pass-1' },
    });
    expect(created.statusCode).toBe(201);
    const res = await login('ge.analyst2', 'a-long-enough-pass-1');
    expect(res.json().data.status).toBe('totp_setup_required');
    const cookie = sessionCookie(res);
    expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie } })).json().error.code).toBe('TOTP_SETUP_REQUIRED');

    const setup = await app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: { cookie } });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = setup.json().data;
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrSvg).toContain('<svg');
    const enable = await app.inject({ method: 'POST', url: '/api/v1/me/totp/enable', headers: { cookie }, payload: { code: await generate({ secret }) } });
    expect(enable.statusCode).toBe(200);
    const codes: string[] = enable.json().data.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie } })).statusCode).toBe(200);

    const next = await login('ge.analyst2', 'a-long-enough-pass-1');
    const c2 = sessionCookie(next);
    const rec = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie: c2 }, payload: { recoveryCode: codes[0]!.toUpperCase() } });
    expect(rec.statusCode).toBe(200);
    const next2 = await login('ge.analyst2', 'a-long-enough-pass-1');
    const reuse = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie: sessionCookie(next2) }, payload: { recoveryCode: codes[0] } });
    expect(reuse.statusCode).toBe(401);
  });
});

async function unitId(code: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/units?q=${code}`, headers: bearer(await tokenFor(store, 'admin')) });
  return res.json().data[0].id;
}

describe('lockout', () => {
  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even for the right password, and audits it`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await login('tj.officer', 'wrong-password-xyz');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login('tj.officer');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    const events = await store.db.select().from(auditLog).where(eq(auditLog.type, 'auth.locked'));
    expect(events.some((e) => (e.data as { username: string }).username === 'tj.officer')).toBe(true);
    const failed = await store.db.select().from(auditLog).where(eq(auditLog.type, 'auth.login_failed'));
    expect(failed.filter((e) => (e.data as { username: string }).username === 'tj.officer').length).toBeGreaterThanOrEqual(MAX_FAILED_LOGINS + 1);

    // An admin reset clears the lock and forces a password change.
    const [target] = await store.db.select().from(users).where(eq(users.username, 'tj.officer'));
    const reset = await app.inject({ method: 'POST', url: `/api/v1/users/${target!.id}/reset-password`, headers: bearer(await tokenFor(store, 'admin')), payload: {} });
    expect(reset.statusCode).toBe(200);
    const temp = reset.json().data.temporaryPassword as string;
    const res = await login('tj.officer', temp);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.mustChangePassword).toBe(true);
  });

  it('answers an unknown username like a wrong password', async () => {
    const res = await login('nobody.here');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
  });
});

describe('rate limit', () => {
  it('limits login attempts per client', async () => {
    const limited = await testApp(store, { authRateLimitPerMinute: 10 });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody.x', password: 'x' }, remoteAddress: '10.9.9.9' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    await limited.close();
  });
});

describe('password change', () => {
  it('changes the password, ends other sessions, and rejects weak passwords with the field named', async () => {
    const c1 = await loginAs(app, 'ua.officer');
    const c2 = await loginAs(app, 'ua.officer');
    const weak = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: c1 }, payload: { currentPassword: TEST_DEMO_PASSWORD, newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'WEAK_PASSWORD', details: { field: 'newPassword' } });
    const ok = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: c1 }, payload: { currentPassword: TEST_DEMO_PASSWORD, newPassword: 'a-much-better-password-7' } });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c1 } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c2 } })).statusCode).toBe(401);
    expect((await login('ua.officer')).statusCode).toBe(401);
    expect((await login('ua.officer', 'a-much-better-password-7')).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('acts with the user\'s rights, is audited on use, and stops working when revoked', async () => {
    const cookie = await loginAs(app, 'kz.officer');
    const created = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie }, payload: { name: 'national system' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json().data;
    expect(token).toMatch(/^iren_/);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(me.json().data.username).toBe('kz.officer');
    const uses = await store.db.select().from(auditLog).where(eq(auditLog.type, 'token.used'));
    expect(uses.some((u) => u.actorTokenId === id)).toBe(true);
    const list = await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { cookie } });
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie } })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer('iren_not-a-token') })).statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it('answers malformed JSON, wrong types and unknown fields with 400 naming the field', async () => {
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "a",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_JSON');

    const wrongType = await login(42 as unknown as string);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body.username' } });

    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b', admin: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.field).toBe('body.admin');

    const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a' } });
    expect(missing.json().error.details.field).toBe('body.password');

    const admin = await tokenFor(store, 'admin');
    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/units?limit=abc', headers: bearer(admin) });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details.field).toBe('querystring.limit');
    const badId = await app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: bearer(admin) });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.field).toBe('params.id');
    const noRoute = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: bearer(admin) });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
