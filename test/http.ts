/** Helpers for medium tests that talk to the app through app.inject(). */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app.ts';
import type { Store } from '../server/db/client.ts';
import { createApiToken, findUserByUsername } from '../server/services/auth.service.ts';
import { SYSTEM_CONTEXT } from '../server/audit/audit.service.ts';
import { currentTotp } from '../server/auth/totp.ts';
import { demoLogin, TEST_DEMO_PASSWORD } from './db.ts';

export async function testApp(store: Store, opts: { rateLimitPerMinute?: number; authRateLimitPerMinute?: number; requireTotp?: boolean } = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    store,
    config: { requireTotp: opts.requireTotp ?? true, sessionTtlHours: 12, secureCookies: false, logLevel: 'silent' },
    logger: false,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000,
    loginRateLimitPerMinute: opts.authRateLimitPerMinute ?? 100_000,
    webDist: null,
  });
  await app.ready();
  return app;
}

const tokenCache = new WeakMap<Store, Map<string, string>>();

/** An API token acting as the given (demo) user. */
export async function tokenFor(store: Store, username: string): Promise<string> {
  let cache = tokenCache.get(store);
  if (!cache) tokenCache.set(store, (cache = new Map()));
  const hit = cache.get(username);
  if (hit) return hit;
  const user = await findUserByUsername(store.db, username);
  if (!user) throw new Error(`no user ${username}`);
  const { token } = await createApiToken(store.db, SYSTEM_CONTEXT, user, 'test');
  cache.set(username, token);
  return token;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'iren_session');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode} ${res.body}`);
  return `iren_session=${c.value}`;
}

const loginsPerUser = new Map<string, number>();

/** Full browser-like login of a demo user: password, then TOTP. Returns the cookie header. */
export async function loginAs(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res);
  const secret = demoLogin(username).totpSecret;
  if (secret) {
    // A TOTP code is accepted once: a second login of the same user in a test uses the next 30 s step.
    const n = loginsPerUser.get(username) ?? 0;
    loginsPerUser.set(username, n + 1);
    if (n > 1) throw new Error(`loginAs(${username}) called more than twice in one test file: TOTP steps run out`);
    const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: { cookie }, payload: { code: await currentTotp(secret, n * 30) } });
    if (r2.statusCode !== 200) throw new Error(`totp ${username}: ${r2.statusCode} ${r2.body}`);
  }
  return cookie;
}
