/** Directory rows → API JSON, each with what the actor may do with it (so the UI hides what it cannot do). */
import { Type } from 'typebox';
import type { Actor } from '../auth/actor.ts';
import { canCreateUnitIn, canManageAgencyIn, canManageUnit, canManageUser } from '../policies/directory.policy.ts';
import type { UnitView, UserView } from '../services/directory.service.ts';
import type { agencies, countries } from '../db/schema.ts';
import { AgencyKindSchema, Iso2, LanguageSchema, Nullable, NullableTimestamp, RoleSchema, Timestamp, UnitKindSchema, Uuid } from '../routes/schemas.ts';


export const CountryJson = Type.Object({
  iso2: Type.String(),
  iso3: Type.String(),
  nameEn: Type.String(),
  nameRu: Type.String(),
  member: Type.Boolean(),
});

export function presentCountry(row: typeof countries.$inferSelect) {
  return { iso2: row.iso2, iso3: row.iso3, nameEn: row.nameEn, nameRu: row.nameRu, member: row.member };
}

export const AgencyJson = Type.Object({
  id: Uuid,
  country: Iso2,
  name: Type.String(),
  nameRu: Nullable(Type.String()),
  kind: AgencyKindSchema,
  can: Type.Object({ update: Type.Boolean() }),
});

export function presentAgency(actor: Actor, row: typeof agencies.$inferSelect) {
  return { id: row.id, country: row.country, name: row.name, nameRu: row.nameRu, kind: row.kind, can: { update: canManageAgencyIn(actor, row.country) } };
}

export const UnitJson = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  nameRu: Nullable(Type.String()),
  kind: UnitKindSchema,
  country: Iso2,
  agencyId: Uuid,
  agencyName: Type.String(),
  locode: Type.String(),
  locationName: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  dailyCapacity: Type.Integer(),
  active: Type.Boolean(),
  can: Type.Object({ update: Type.Boolean(), relocate: Type.Boolean() }),
});

export function presentUnit(actor: Actor, row: UnitView) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameRu: row.nameRu,
    kind: row.kind,
    country: row.country,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    locode: row.locode,
    locationName: row.locationName,
    lat: row.lat,
    lon: row.lon,
    dailyCapacity: row.dailyCapacity,
    active: row.active,
    can: { update: canManageUnit(actor, row), relocate: canCreateUnitIn(actor, row.country) },
  };
}

export const UserJson = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  role: RoleSchema,
  country: Nullable(Iso2),
  unitId: Nullable(Uuid),
  unitCode: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  language: LanguageSchema,
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  disabled: Type.Boolean(),
  lockedUntil: NullableTimestamp,
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
  can: Type.Object({ update: Type.Boolean(), resetPassword: Type.Boolean() }),
});

export function presentUser(actor: Actor, row: UserView) {
  const manage = canManageUser(actor, row);
  return {
    ...row,
    language: row.language === 'ru' ? ('ru' as const) : ('en' as const),
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    can: { update: manage, resetPassword: manage },
  };
}
