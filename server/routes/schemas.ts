/** TypeBox building blocks shared by route schemas. */
import { Type, type TSchema } from 'typebox';
import { ROLES, UNIT_KINDS, AGENCY_KINDS, LANGUAGES } from '../db/schema.ts';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A union of string literals from a constant list (roles, lanes, TLP levels…). */
export const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
export const IdParams = Type.Object({ id: Uuid });
export const Iso2 = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' });
export const Locode = Type.String({ pattern: '^[A-Z]{2}[A-Z2-9]{3}$', description: 'UN/LOCODE, e.g. GEPTI' });
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const UnitKindSchema = Type.Union(UNIT_KINDS.map((r) => Type.Literal(r)));
export const AgencyKindSchema = Type.Union(AGENCY_KINDS.map((r) => Type.Literal(r)));
export const LanguageSchema = Type.Union(LANGUAGES.map((r) => Type.Literal(r)));
export const Timestamp = Type.String({ format: 'date-time' });
/** A calendar day; ajv's `date` format refuses days that do not exist (2019-02-31). */
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const PageInfo = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export function Data<T extends TSchema>(schema: T) {
  return Type.Object({ data: schema });
}

export function PagedList<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), page: PageInfo });
}

/** Standard error responses documented on every route. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
