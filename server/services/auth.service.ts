/**
 * Logins, second factor, sessions and API tokens. Each change and each failed attempt is audited in the
 * transaction that makes it.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens, sessions, users, type Role } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { record, type AuditContext } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dummyPasswordHash, hashPassword, passwordProblem, randomToken, sha256, verifyPassword } from '../auth/passwords.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpEnrolment } from '../auth/totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface AuthSettings {
  requireTotp: boolean;
  sessionTtlHours: number;
}

type UserRow = typeof users.$inferSelect;

export function totpRequiredFor(settings: AuthSettings, role: Role): boolean {
  return settings.requireTotp && role !== 'observer';
}

export function actorOf(user: Pick<UserRow, 'id' | 'username' | 'role' | 'country' | 'unitId'>, tokenId: string | null = null): Actor {
  return { userId: user.id, username: user.username, role: user.role, country: user.country, unitId: user.unitId, tokenId };
}

export type LoginStatus = 'ok' | 'totp_required' | 'totp_setup_required';

export interface LoginResult {
  status: LoginStatus;
  sessionToken: string;
  user: UserRow;
}

async function registerFailure(db: Db, ctx: AuditContext, user: UserRow, reason: 'bad_password' | 'bad_totp') {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins });
    await record(tx, ctx, { type: 'auth.login_failed', data: { username: user.username, reason } }, { country: user.country, entityType: 'user', entityId: user.id });
    if ((updated?.failedLogins ?? 0) >= MAX_FAILED_LOGINS) {
      const until = new Date(Date.now() + LOCKOUT_MINUTES * 60_000);
      await tx.update(users).set({ lockedUntil: until, failedLogins: 0 }).where(eq(users.id, user.id));
      await record(tx, ctx, { type: 'auth.locked', data: { username: user.username, until: until.toISOString() } }, { country: user.country, entityType: 'user', entityId: user.id });
    }
  });
}

function assertUsable(user: UserRow) {
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError('ACCOUNT_LOCKED', undefined, { until: user.lockedUntil.toISOString() });
  }
}

async function createSession(db: Db, settings: AuthSettings, userId: string, mfaPassed: boolean, meta: { ip?: string | null; userAgent?: string | null }) {
  const token = randomToken();
  await db.insert(sessions).values({
    id: sha256(token),
    userId,
    mfaPassed,
    expiresAt: new Date(Date.now() + settings.sessionTtlHours * 3_600_000),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return user;
}

/** First factor. Never reveals whether the username exists. */
export async function login(
  db: Db,
  settings: AuthSettings,
  ctx: AuditContext,
  input: { username: string; password: string; userAgent?: string | null },
): Promise<LoginResult> {
  const user = await findUserByUsername(db, input.username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await db.transaction((tx) => record(tx, ctx, { type: 'auth.login_failed', data: { username: input.username.slice(0, 100), reason: 'unknown_user' } }));
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled || (user.lockedUntil && user.lockedUntil > new Date())) {
    await db.transaction((tx) =>
      record(tx, ctx, { type: 'auth.login_failed', data: { username: user.username, reason: user.disabled ? 'disabled' : 'locked' } }, { country: user.country, entityType: 'user', entityId: user.id }),
    );
    assertUsable(user);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await registerFailure(db, ctx, user, 'bad_password');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const needsTotp = totpRequiredFor(settings, user.role);
  const status: LoginStatus = !needsTotp ? 'ok' : user.totpEnabled ? 'totp_required' : 'totp_setup_required';
  const sessionToken = await db.transaction(async (tx) => {
    const token = await createSession(tx as unknown as Db, settings, user.id, status === 'ok', { ip: ctx.ip, userAgent: input.userAgent });
    if (status === 'ok') {
      await tx.update(users).set({ failedLogins: 0, lastLoginAt: new Date() }).where(eq(users.id, user.id));
      await record(tx, { ...ctx, actorUserId: user.id, actorUsername: user.username }, { type: 'auth.login', data: { method: 'password' } }, { country: user.country, entityType: 'user', entityId: user.id });
    }
    return token;
  });
  return { status, sessionToken, user };
}

/** Second factor on a pending session: a TOTP code or a one-time recovery code. */
export async function completeTotp(db: Db, ctx: AuditContext, sessionId: string, user: UserRow, input: { code?: string; recoveryCode?: string }): Promise<void> {
  assertUsable(user);
  if (!user.totpEnabled || !user.totpSecret) throw new AppError('TOTP_SETUP_REQUIRED');
  const actorCtx = { ...ctx, actorUserId: user.id, actorUsername: user.username };
  if (input.recoveryCode) {
    const wanted = sha256(normaliseRecoveryCode(input.recoveryCode));
    const remaining = user.recoveryCodes.filter((h) => h !== wanted);
    if (remaining.length === user.recoveryCodes.length) {
      await registerFailure(db, ctx, user, 'bad_totp');
      throw new AppError('INVALID_TOTP');
    }
    await db.transaction(async (tx) => {
      await tx.update(users).set({ recoveryCodes: remaining, failedLogins: 0, lastLoginAt: new Date() }).where(eq(users.id, user.id));
      await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, sessionId));
      await record(tx, actorCtx, { type: 'auth.recovery_code_used', data: { remaining: remaining.length } }, { country: user.country, entityType: 'user', entityId: user.id });
      await record(tx, actorCtx, { type: 'auth.login', data: { method: 'password+recovery' } }, { country: user.country, entityType: 'user', entityId: user.id });
    });
    return;
  }
  const step = await checkTotp(user.totpSecret, input.code ?? '', user.totpLastStep);
  if (step === null) {
    await registerFailure(db, ctx, user, 'bad_totp');
    throw new AppError('INVALID_TOTP');
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpLastStep: step, failedLogins: 0, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, sessionId));
    await record(tx, actorCtx, { type: 'auth.login', data: { method: 'password+totp' } }, { country: user.country, entityType: 'user', entityId: user.id });
  });
}

/** Starts (or restarts) TOTP enrolment: a new secret, not yet active. */
export async function beginTotpSetup(db: Db, user: UserRow) {
  if (user.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED');
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecret: secret, updatedAt: new Date() }).where(eq(users.id, user.id));
  return totpEnrolment(secret, user.username);
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once). */
export async function enableTotp(db: Db, ctx: AuditContext, sessionId: string | null, user: UserRow, code: string): Promise<string[]> {
  if (user.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED');
  if (!user.totpSecret) throw new AppError('TOTP_SETUP_REQUIRED', 'Start the set-up first');
  const step = await checkTotp(user.totpSecret, code, null);
  if (step === null) throw new AppError('INVALID_TOTP');
  const codes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: true, totpLastStep: step, recoveryCodes: codes.map((c) => sha256(normaliseRecoveryCode(c))), updatedAt: new Date() })
      .where(eq(users.id, user.id));
    if (sessionId) await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, sessionId));
    await record(tx, ctx, { type: 'auth.totp_enabled', data: {} }, { country: user.country, entityType: 'user', entityId: user.id });
  });
  return codes;
}

export async function changePassword(db: Db, ctx: AuditContext, user: UserRow, currentPassword: string, newPassword: string, keepSessionId: string | null) {
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
  const problem = passwordProblem(newPassword, user.username);
  if (problem) throw new AppError('WEAK_PASSWORD', `The new password is too weak: ${problem}`, { field: 'newPassword' });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, user.id));
    // Other sessions of this user end: a changed password must lock out whoever else had it.
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined));
    await record(tx, ctx, { type: 'auth.password_changed', data: {} }, { country: user.country, entityType: 'user', entityId: user.id });
  });
}

export async function logout(db: Db, ctx: AuditContext, sessionId: string, user: UserRow) {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await record(tx, ctx, { type: 'auth.logout', data: {} }, { country: user.country, entityType: 'user', entityId: user.id });
  });
}

export interface ResolvedSession {
  sessionId: string;
  mfaPassed: boolean;
  user: UserRow;
}

export async function resolveSession(db: Db, cookieValue: string): Promise<ResolvedSession | null> {
  const id = sha256(cookieValue);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row || row.user.disabled) return null;
  return { sessionId: id, mfaPassed: row.session.mfaPassed, user: row.user };
}

export const TOKEN_PREFIX = 'iren_';

/** Creates an API token; the plain value is returned once and never stored. */
export async function createApiToken(db: Db, ctx: AuditContext, user: Pick<UserRow, 'id' | 'username' | 'country'>, name: string, expiresAt: Date | null = null) {
  const plain = TOKEN_PREFIX + randomToken();
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name, tokenHash: sha256(plain), prefix: plain.slice(0, 10), expiresAt })
      .returning();
    await record(tx, ctx, { type: 'token.created', data: { tokenId: inserted[0]!.id, name, forUser: user.username } }, { country: user.country, entityType: 'api_token', entityId: inserted[0]!.id });
    return inserted;
  });
  return { token: plain, record: row! };
}

export async function revokeApiToken(db: Db, ctx: AuditContext, tokenId: string, owner: { id: string; country: string | null } | null) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt), owner ? eq(apiTokens.userId, owner.id) : undefined))
      .returning();
    if (!row) return false;
    await record(tx, ctx, { type: 'token.revoked', data: { tokenId } }, { country: owner?.country ?? null, entityType: 'api_token', entityId: tokenId });
    return true;
  });
}

/** Resolves a bearer token and audits its use in the same transaction as the last-used update. */
export async function resolveApiToken(db: Db, plain: string, ctx: AuditContext & { method: string; route: string }): Promise<{ user: UserRow; tokenId: string } | null> {
  if (!plain.startsWith(TOKEN_PREFIX) || plain.length > 100) return null;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(plain)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || row.user.disabled) return null;
  if (row.token.expiresAt && row.token.expiresAt < new Date()) return null;
  await db.transaction(async (tx) => {
    await tx.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token.id));
    await record(
      tx,
      { ...ctx, actorUserId: row.user.id, actorUsername: row.user.username, actorTokenId: row.token.id },
      { type: 'token.used', data: { tokenId: row.token.id, method: ctx.method, route: ctx.route } },
      { country: row.user.country, entityType: 'api_token', entityId: row.token.id },
    );
  });
  return { user: row.user, tokenId: row.token.id };
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt);
}
