/**
 * The network directory: agencies, units and users. Every read goes through the visibility rules of
 * policies/directory.policy.ts inside the query; every change is one transaction with its audit row.
 */
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike, type Db } from '../db/client.ts';
import { agencies, countries, locations, units, users, type AgencyKind, type Language, type Role, type UnitKind } from '../db/schema.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { record, type AuditContext } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import {
  canCreateUnitIn,
  canListUsers,
  canManageAgencyIn,
  canManageUnit,
  canManageUser,
  canPlaceUser,
  visibleUsersWhere,
} from '../policies/directory.policy.ts';
import { generatePassword, hashPassword, passwordProblem } from '../auth/passwords.ts';

export interface Page {
  limit: number;
  offset: number;
}

function andAll(parts: (SQL | undefined)[]): SQL | undefined {
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? and(...present) : undefined;
}

function likePattern(q: string): string {
  return `%${escapeLike(q)}%`;
}

// ---------------------------------------------------------------- countries
export async function listCountries(db: Db, opts: { memberOnly: boolean }) {
  return db
    .select()
    .from(countries)
    .where(opts.memberOnly ? eq(countries.member, true) : undefined)
    .orderBy(asc(countries.nameEn));
}

async function assertCountry(db: Db, iso2: string, field: string) {
  const [row] = await db.select({ iso2: countries.iso2 }).from(countries).where(eq(countries.iso2, iso2)).limit(1);
  if (!row) throw new AppError('UNKNOWN_REFERENCE', `Unknown country code "${iso2}"`, { field });
}

// ---------------------------------------------------------------- agencies
export async function listAgencies(db: Db, filter: { country?: string }) {
  return db
    .select()
    .from(agencies)
    .where(filter.country ? eq(agencies.country, filter.country) : undefined)
    .orderBy(asc(agencies.country), asc(agencies.name));
}

export async function getAgency(db: Db, id: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id)).limit(1);
  if (!row) throw notFound('Agency');
  return row;
}

export async function createAgency(db: Db, actor: Actor, ctx: AuditContext, input: { country: string; name: string; nameRu?: string; kind: AgencyKind }) {
  await assertCountry(db, input.country, 'country');
  if (!canManageAgencyIn(actor, input.country)) throw forbidden('agency.create');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({ country: input.country, name: input.name, nameRu: input.nameRu ?? null, kind: input.kind })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', 'An agency with this name exists in this country', { field: 'name' });
    await record(tx, ctx, { type: 'agency.created', data: { name: row.name, kind: row.kind } }, { country: row.country, entityType: 'agency', entityId: row.id });
    return row;
  });
}

export async function updateAgency(db: Db, actor: Actor, ctx: AuditContext, id: string, changes: { name?: string; nameRu?: string | null; kind?: AgencyKind }) {
  const agency = await getAgency(db, id);
  if (!canManageAgencyIn(actor, agency.country)) throw forbidden('agency.update');
  return db.transaction(async (tx) => {
    const [row] = await tx.update(agencies).set({ ...changes, updatedAt: new Date() }).where(eq(agencies.id, id)).returning();
    await record(tx, ctx, { type: 'agency.updated', data: { changes } }, { country: agency.country, entityType: 'agency', entityId: id });
    return row!;
  });
}

// ---------------------------------------------------------------- units
const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  nameRu: units.nameRu,
  kind: units.kind,
  country: units.country,
  agencyId: units.agencyId,
  agencyName: agencies.name,
  locode: units.locode,
  locationName: locations.name,
  lat: locations.lat,
  lon: locations.lon,
  dailyCapacity: units.dailyCapacity,
  active: units.active,
  createdAt: units.createdAt,
  updatedAt: units.updatedAt,
};
export type UnitView = Awaited<ReturnType<typeof getUnit>>;

export async function listUnits(db: Db, filter: { country?: string; kind?: UnitKind; q?: string }, page: Page) {
  const where = andAll([
    filter.country ? eq(units.country, filter.country) : undefined,
    filter.kind ? eq(units.kind, filter.kind) : undefined,
    filter.q ? or(ilike(units.name, likePattern(filter.q)), ilike(units.code, likePattern(filter.q)), ilike(locations.name, likePattern(filter.q))) : undefined,
  ]);
  const base = db.select(unitColumns).from(units).innerJoin(agencies, eq(agencies.id, units.agencyId)).innerJoin(locations, eq(locations.unlocode, units.locode));
  const [rowsOut, [total]] = await Promise.all([
    base.where(where).orderBy(asc(units.country), asc(units.code)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(units).innerJoin(locations, eq(locations.unlocode, units.locode)).where(where),
  ]);
  return { rows: rowsOut, total: total?.n ?? 0 };
}

export async function getUnit(db: Db, id: string) {
  const [row] = await db
    .select(unitColumns)
    .from(units)
    .innerJoin(agencies, eq(agencies.id, units.agencyId))
    .innerJoin(locations, eq(locations.unlocode, units.locode))
    .where(eq(units.id, id))
    .limit(1);
  if (!row) throw notFound('Unit');
  return row;
}

async function checkUnitPlacement(db: Db, country: string, agencyId: string, locode: string) {
  await assertCountry(db, country, 'country');
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId)).limit(1);
  if (!agency) throw new AppError('UNKNOWN_REFERENCE', 'Unknown agency', { field: 'agencyId' });
  if (agency.country !== country) throw new AppError('VALIDATION_FAILED', `The agency belongs to ${agency.country}, not ${country}`, { field: 'agencyId' });
  const [place] = await db.select({ country: locations.country }).from(locations).where(eq(locations.unlocode, locode)).limit(1);
  if (!place) throw new AppError('UNKNOWN_REFERENCE', `Unknown UN/LOCODE "${locode}"`, { field: 'locode' });
  if (place.country !== country) throw new AppError('VALIDATION_FAILED', `${locode} is in ${place.country}, not ${country}`, { field: 'locode' });
}

export interface UnitInput {
  code: string;
  name: string;
  nameRu?: string | null;
  kind: UnitKind;
  country: string;
  agencyId: string;
  locode: string;
  dailyCapacity?: number;
}

export async function createUnit(db: Db, actor: Actor, ctx: AuditContext, input: UnitInput) {
  if (!canCreateUnitIn(actor, input.country)) throw forbidden('unit.create');
  await checkUnitPlacement(db, input.country, input.agencyId, input.locode);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(units)
      .values({ ...input, nameRu: input.nameRu ?? null })
      .onConflictDoNothing()
      .returning({ id: units.id });
    if (!row) throw new AppError('UNIT_CODE_TAKEN', undefined, { field: 'code' });
    await record(tx, ctx, { type: 'unit.created', data: { code: input.code, name: input.name } }, { country: input.country, entityType: 'unit', entityId: row.id });
    return row.id;
  });
  return getUnit(db, id);
}

export async function updateUnit(db: Db, actor: Actor, ctx: AuditContext, id: string, changes: Partial<Omit<UnitInput, 'country'>> & { active?: boolean }) {
  const unit = await getUnit(db, id);
  if (!canManageUnit(actor, unit)) throw forbidden('unit.update');
  // Moving a unit to another agency or place is for those who may create units in its country.
  if ((changes.agencyId || changes.locode || changes.kind || changes.code || changes.active !== undefined) && !canCreateUnitIn(actor, unit.country)) {
    throw forbidden('unit.relocate');
  }
  if (changes.agencyId || changes.locode) await checkUnitPlacement(db, unit.country, changes.agencyId ?? unit.agencyId, changes.locode ?? unit.locode);
  await db.transaction(async (tx) => {
    try {
      await tx.update(units).set({ ...changes, updatedAt: new Date() }).where(eq(units.id, id));
    } catch (err) {
      if (String((err as { code?: string }).code) === '23505') throw new AppError('UNIT_CODE_TAKEN', undefined, { field: 'code' });
      throw err;
    }
    await record(tx, ctx, { type: 'unit.updated', data: { changes } }, { country: unit.country, entityType: 'unit', entityId: id });
  });
  return getUnit(db, id);
}

// ---------------------------------------------------------------- users
const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  country: users.country,
  unitId: users.unitId,
  unitCode: units.code,
  unitName: units.name,
  language: users.language,
  totpEnabled: users.totpEnabled,
  mustChangePassword: users.mustChangePassword,
  disabled: users.disabled,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};
export type UserView = Awaited<ReturnType<typeof getUser>>;

export async function listUsers(db: Db, actor: Actor, filter: { country?: string; unitId?: string; role?: Role; q?: string }, page: Page) {
  if (!canListUsers(actor)) throw forbidden('user.list');
  const where = andAll([
    visibleUsersWhere(actor),
    filter.country ? eq(users.country, filter.country) : undefined,
    filter.unitId ? eq(users.unitId, filter.unitId) : undefined,
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.q ? or(ilike(users.username, likePattern(filter.q)), ilike(users.displayName, likePattern(filter.q))) : undefined,
  ]);
  const [rowsOut, [total]] = await Promise.all([
    db.select(userColumns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(where).orderBy(asc(users.username)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows: rowsOut, total: total?.n ?? 0 };
}

/** A user the actor may see, or 404 — also for users that exist outside the actor's scope. */
export async function getUser(db: Db, actor: Actor, id: string) {
  const where = andAll([eq(users.id, id), visibleUsersWhere(actor)]);
  const [row] = await db.select(userColumns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(where).limit(1);
  if (!row) throw notFound('User');
  return row;
}

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null;
  role: Role;
  unitId?: string | null;
  country?: string | null;
  language?: Language;
  password?: string;
}

async function placeOf(db: Db, role: Role, unitId: string | null | undefined, country: string | null | undefined) {
  if (unitId) {
    const [unit] = await db.select({ country: units.country }).from(units).where(eq(units.id, unitId)).limit(1);
    if (!unit) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit', { field: 'unitId' });
    if (country && country !== unit.country) throw new AppError('VALIDATION_FAILED', `The unit is in ${unit.country}, not ${country}`, { field: 'country' });
    return { unitId, country: unit.country };
  }
  if (role === 'unit_head' || role === 'officer') throw new AppError('VALIDATION_FAILED', 'Unit heads and officers belong to a unit', { field: 'unitId' });
  if (role === 'national_coordinator' && !country) throw new AppError('VALIDATION_FAILED', 'A national coordinator needs a country', { field: 'country' });
  if (country) await assertCountry(db, country, 'country');
  return { unitId: null, country: role === 'network_admin' ? null : (country ?? null) };
}

/** Creates a user; returns the temporary password when none was given (shown once). */
export async function createUser(db: Db, actor: Actor | null, ctx: AuditContext, input: UserInput) {
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/i.test(input.username)) {
    throw new AppError('VALIDATION_FAILED', 'Username: 3–64 letters, digits, dots, dashes or underscores', { field: 'username' });
  }
  const place = await placeOf(db, input.role, input.unitId, input.country);
  // actor null = the command line run by the server's operator.
  if (actor && !canPlaceUser(actor, { role: input.role, ...place })) throw forbidden('user.create');
  const temporary = input.password === undefined;
  const password = input.password ?? generatePassword();
  const problem = temporary ? null : passwordProblem(password, input.username);
  if (problem) throw new AppError('WEAK_PASSWORD', `The password is too weak: ${problem}`, { field: 'password' });
  const passwordHash = await hashPassword(password);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        role: input.role,
        unitId: place.unitId,
        country: place.country,
        language: input.language ?? 'en',
        passwordHash,
        mustChangePassword: temporary,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!row) throw new AppError('USERNAME_TAKEN', undefined, { field: 'username' });
    await record(tx, ctx, { type: 'user.created', data: { username: input.username, role: input.role, unitId: place.unitId, country: place.country } }, { country: place.country, entityType: 'user', entityId: row.id });
    return row.id;
  });
  const [created] = await db.select(userColumns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id));
  return { user: created!, temporaryPassword: temporary ? password : null };
}

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  role?: Role;
  unitId?: string | null;
  country?: string | null;
  disabled?: boolean;
  language?: Language;
}

export async function updateUser(db: Db, actor: Actor, ctx: AuditContext, id: string, changes: UserChanges) {
  const current = await getUser(db, actor, id);
  if (!canManageUser(actor, current)) throw forbidden('user.update');
  const role = changes.role ?? current.role;
  const moving = changes.role !== undefined || changes.unitId !== undefined || changes.country !== undefined;
  const place = moving
    ? await placeOf(db, role, changes.unitId !== undefined ? changes.unitId : current.unitId, changes.country !== undefined ? changes.country : current.unitId ? null : current.country)
    : { unitId: current.unitId, country: current.country };
  if (moving && !canPlaceUser(actor, { role, ...place })) throw forbidden('user.move');
  if (changes.disabled && id === actor.userId) throw new AppError('VALIDATION_FAILED', 'You cannot disable your own account', { field: 'disabled' });
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        role,
        unitId: place.unitId,
        country: place.country,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    await record(tx, ctx, { type: 'user.updated', data: { changes: { ...changes } } }, { country: place.country ?? current.country, entityType: 'user', entityId: id });
  });
  return getUser(db, actor, id);
}

/** Admin reset: a temporary password (to change at next login), lockout cleared, optionally 2FA reset. */
export async function resetPassword(db: Db, actor: Actor | null, ctx: AuditContext, id: string, opts: { resetTotp?: boolean }) {
  const [target] = await db.select().from(users).where(and(eq(users.id, id), actor ? visibleUsersWhere(actor) : undefined)).limit(1);
  if (!target) throw notFound('User');
  if (actor && !canManageUser(actor, target)) throw forbidden('user.reset_password');
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        ...(opts.resetTotp ? { totpEnabled: false, totpSecret: null, recoveryCodes: [], totpLastStep: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${id}`);
    await record(tx, ctx, { type: 'user.password_reset', data: { username: target.username } }, { country: target.country, entityType: 'user', entityId: id });
    if (opts.resetTotp) await record(tx, ctx, { type: 'auth.totp_disabled', data: { by: 'admin' } }, { country: target.country, entityType: 'user', entityId: id });
  });
  return { temporaryPassword };
}

export async function setLanguage(db: Db, ctx: AuditContext, user: { id: string; country: string | null }, language: Language) {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ language, updatedAt: new Date() }).where(eq(users.id, user.id));
    await record(tx, ctx, { type: 'user.language_changed', data: { language } }, { country: user.country, entityType: 'user', entityId: user.id });
  });
}

export async function searchLocations(db: Db, q: { q?: string; country?: string; limit: number }) {
  const where = andAll([
    q.country ? eq(locations.country, q.country) : undefined,
    q.q
      ? /^[A-Z]{2}[A-Z2-9]{3}$/i.test(q.q)
        ? eq(locations.unlocode, q.q.toUpperCase())
        : ilike(locations.nameAscii, `${escapeLike(q.q)}%`)
      : undefined,
  ]);
  return db.select().from(locations).where(where).orderBy(asc(locations.nameAscii)).limit(q.limit);
}
