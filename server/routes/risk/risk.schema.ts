import { Type } from 'typebox';
import { literals, Nullable, Day } from '../schemas.ts';
import { LANES, LIST_KINDS, OWNER_SCOPES, PROFILE_STATES, DECISIONS, INSPECTION_METHODS, INSPECTION_OUTCOMES } from '../../db/schema.ts';

export const LaneSchema = literals(LANES);
export const ListKindSchema = literals(LIST_KINDS);
export const OwnerScopeSchema = literals(OWNER_SCOPES);
export const ProfileStateSchema = literals(PROFILE_STATES);
export const DecisionSchema = literals(DECISIONS);
export const MethodSchema = literals(INSPECTION_METHODS);
export const OutcomeSchema = literals(INSPECTION_OUTCOMES);

export const OwnerFields = {
  ownerScope: OwnerScopeSchema,
  ownerUnitId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
};

export const ListJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: ListKindSchema,
  description: Nullable(Type.String()),
  ownerScope: OwnerScopeSchema,
  ownerCountry: Nullable(Type.String()),
  ownerUnitId: Nullable(Type.String()),
  items: Type.Array(Type.String()),
  can: Type.Object({ update: Type.Boolean() }),
});

export const CreateListBody = Type.Object(
  {
    ...OwnerFields,
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Used in rules as list("name")' }),
    kind: ListKindSchema,
    description: Type.Optional(Type.String({ maxLength: 500 })),
    items: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100000 }),
  },
  { additionalProperties: false },
);

export const UpdateListBody = Type.Object(
  { items: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100000 })), description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);

export const VersionFields = {
  rule: Type.String({ minLength: 1, maxLength: 65536 }),
  weight: Type.Integer({ minimum: 1, maximum: 99, description: 'Score contribution (independent evidence, 1–99)' }),
  lane: LaneSchema,
  reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why this is risky, in plain words' }),
  instruction: Type.String({ minLength: 3, maxLength: 2000, description: 'What the inspecting officer should do' }),
};

export const CreateProfileBody = Type.Object(
  { ...OwnerFields, ...VersionFields, name: Type.String({ minLength: 3, maxLength: 200 }), validFrom: Type.Optional(Day), validTo: Type.Optional(Day) },
  { additionalProperties: false },
);
export const VersionBody = Type.Object(VersionFields, { additionalProperties: false });
export const StateBody = Type.Object({ state: ProfileStateSchema, validFrom: Type.Optional(Nullable(Day)), validTo: Type.Optional(Nullable(Day)) }, { additionalProperties: false });
export const TestBody = Type.Object({ ...OwnerFields, rule: Type.String({ minLength: 1, maxLength: 65536 }), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 90 })) }, { additionalProperties: false });

export const ProfileJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ownerScope: OwnerScopeSchema,
  ownerCountry: Nullable(Type.String()),
  ownerUnitId: Nullable(Type.String()),
  state: ProfileStateSchema,
  currentVersion: Type.Integer(),
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
  can: Type.Object({ update: Type.Boolean() }),
});

export const DecisionBody = Type.Object({ decision: DecisionSchema, lane: Type.Optional(LaneSchema), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const InspectionBody = Type.Object({ method: MethodSchema, outcome: OutcomeSchema, notes: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
export const SelectionBody = Type.Object(
  {
    unitId: Type.String({ format: 'uuid' }),
    day: Type.Optional(Day),
    randomRate: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, default: 0.01 })),
    mustSelectScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100, default: 90 })),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100, default: 10 })),
  },
  { additionalProperties: false },
);
