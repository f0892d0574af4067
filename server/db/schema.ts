/**
 * The database schema (Drizzle). One schema for PGlite and PostgreSQL; migrations in ./migrations are
 * generated from this file by `npm run db:generate` and checked in CI to be current.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const ROLES = ['network_admin', 'national_coordinator', 'unit_head', 'officer', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum('role', ROLES);

export const UNIT_KINDS = ['pcu', 'accu', 'land_border', 'headquarters'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const unitKindEnum = pgEnum('unit_kind', UNIT_KINDS);

export const AGENCY_KINDS = ['customs', 'border_guard', 'police', 'drug_control', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const agencyKindEnum = pgEnum('agency_kind', AGENCY_KINDS);

export const LANGUAGES = ['en', 'ru'] as const;

/** Binary content (attachments, photos) — bytea on both stores. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
export type Language = (typeof LANGUAGES)[number];

// ---------------------------------------------------------------- reference data
export const countries = pgTable('countries', {
  iso2: text('iso2').primaryKey(),
  iso3: text('iso3').notNull(),
  numeric: text('numeric').notNull(),
  nameEn: text('name_en').notNull(),
  nameRu: text('name_ru').notNull(),
  /** Member of this network (the IREN countries in the demo). */
  member: boolean('member').notNull().default(false),
});

export const locations = pgTable(
  'locations',
  {
    unlocode: text('unlocode').primaryKey(),
    country: text('country').notNull(),
    name: text('name').notNull(),
    nameAscii: text('name_ascii').notNull(),
    subdivision: text('subdivision'),
    functions: text('functions').notNull(),
    isPort: boolean('is_port').notNull(),
    isRail: boolean('is_rail').notNull(),
    isRoad: boolean('is_road').notNull(),
    isAirport: boolean('is_airport').notNull(),
    isBorderCrossing: boolean('is_border_crossing').notNull(),
    status: text('status'),
    iata: text('iata'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
  },
  (t) => [index('locations_country_idx').on(t.country), index('locations_name_ascii_idx').on(sql`lower(${t.nameAscii})`)],
);

export const hsCodes = pgTable(
  'hs_codes',
  {
    code: text('code').primaryKey(),
    level: smallint('level').notNull(),
    parent: text('parent'),
    section: text('section').notNull(),
    description: text('description').notNull(),
  },
  (t) => [index('hs_codes_parent_idx').on(t.parent)],
);

export const airports = pgTable(
  'airports',
  {
    iata: text('iata').primaryKey(),
    icao: text('icao'),
    name: text('name').notNull(),
    city: text('city'),
    country: text('country').notNull(),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    tz: text('tz'),
  },
  (t) => [index('airports_country_idx').on(t.country)],
);

export const referenceLoads = pgTable('reference_loads', {
  dataset: text('dataset').primaryKey(),
  checksum: text('checksum').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------- network directory
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    country: text('country')
      .notNull()
      .references(() => countries.iso2),
    name: text('name').notNull(),
    nameRu: text('name_ru'),
    kind: agencyKindEnum('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agencies_country_idx').on(t.country), uniqueIndex('agencies_country_name_uq').on(t.country, t.name)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Short stable code, e.g. GE-PTI-PCU. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameRu: text('name_ru'),
    kind: unitKindEnum('kind').notNull(),
    country: text('country')
      .notNull()
      .references(() => countries.iso2),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    locode: text('locode')
      .notNull()
      .references(() => locations.unlocode),
    dailyCapacity: integer('daily_capacity').notNull().default(20),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('units_code_uq').on(t.code), index('units_country_idx').on(t.country)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    role: roleEnum('role').notNull(),
    /** Country the user acts for; equals the unit's country when the user has a unit. */
    country: text('country').references(() => countries.iso2),
    unitId: uuid('unit_id').references(() => units.id),
    language: text('language').notNull().default('en'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** Last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    /** argon2 hashes of unused recovery codes. */
    recoveryCodes: jsonb('recovery_codes').$type<string[]>().notNull().default([]),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_country_idx').on(t.country),
    index('users_unit_idx').on(t.unitId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the cookie value itself is never stored. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** false until the second factor (or TOTP enrolment) is done. */
    mfaPassed: boolean('mfa_passed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** sha256 of the token (tokens are 256-bit random, so a fast hash is enough). */
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

// ---------------------------------------------------------------- audit
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    actorTokenId: uuid('actor_token_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    /** Country whose coordinators may read this event. */
    country: text('country'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_country_idx').on(t.country, t.seq), index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

// ---------------------------------------------------------------- jobs
export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    state: text('state').$type<JobState>().notNull().default('queued'),
    /** Deterministic key so two processes cannot enqueue the same work twice (e.g. a cron slot). */
    dedupeKey: text('dedupe_key'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<unknown>(),
    lastError: text('last_error'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_ready_idx').on(t.state, t.runAt),
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------- cargo intake
export const IMPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** One import of a file (CLI or upload). Counts and problems are the report. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    country: text('country').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    format: text('format').notNull(),
    state: text('state').$type<ImportState>().notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    accepted: integer('accepted').notNull().default(0),
    amended: integer('amended').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    containers: integer('containers').notNull().default(0),
    goodsItems: integer('goods_items').notNull().default(0),
    bytesRead: doublePrecision('bytes_read').notNull().default(0),
    bytesTotal: doublePrecision('bytes_total'),
    /** First problems of the file (capped); the count is in problemCount. */
    problems: jsonb('problems').$type<unknown[]>().notNull().default([]),
    problemCount: integer('problem_count').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('imports_country_idx').on(t.country, t.createdAt)],
);

/** Uploaded files waiting for (or kept after) their import job. */
export const importFiles = pgTable('import_files', {
  importId: uuid('import_id')
    .primaryKey()
    .references(() => imports.id, { onDelete: 'cascade' }),
  content: text('content_base64').notNull(),
});

/**
 * A transport document (B/L or AWB) as received. Amendments are new rows with a higher version; the previous
 * one stays with isCurrent = false. (country, documentKey, contentHash) is unique, so re-importing the same
 * content adds nothing.
 */
export const consignments = pgTable(
  'consignments',
  {
    id: uuid('id').primaryKey(),
    /** Receiving country: owner of the record. */
    country: text('country').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    importId: uuid('import_id').references(() => imports.id),
    documentKey: text('document_key').notNull(),
    documentType: text('document_type').notNull(),
    documentNumber: text('document_number').notNull(),
    masterDocumentNumber: text('master_document_number'),
    mode: text('mode').notNull(),
    carrierCode: text('carrier_code'),
    carrierName: text('carrier_name'),
    vesselName: text('vessel_name'),
    imoNumber: text('imo_number'),
    voyageNumber: text('voyage_number'),
    flightNumber: text('flight_number'),
    placeOfLoading: text('place_of_loading'),
    placeOfDischarge: text('place_of_discharge'),
    transshipments: text('transshipments').array().notNull(),
    placeOfDelivery: text('place_of_delivery'),
    countryOfOrigin: text('country_of_origin'),
    countryOfDestination: text('country_of_destination'),
    departureDate: text('departure_date'),
    estimatedArrivalDate: text('estimated_arrival_date'),
    /** Sortable arrival day (from estimatedArrivalDate, else departure) for date-range search. */
    arrivalDay: text('arrival_day'),
    qualityScore: smallint('quality_score').notNull(),
    qualityFlags: jsonb('quality_flags').$type<unknown[]>().notNull(),
    /** Warnings kept with the record (errors reject it). */
    problems: jsonb('problems').$type<unknown[]>().notNull(),
    source: jsonb('source').$type<Record<string, unknown>>(),
    version: integer('version').notNull(),
    isCurrent: boolean('is_current').notNull(),
    contentHash: text('content_hash').notNull(),
    /** Every searchable text of the record, normalised (lower case, Latin): party names, goods, vessel. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consignments_content_uq').on(t.country, t.documentKey, t.contentHash),
    uniqueIndex('consignments_current_uq').on(t.country, t.documentKey).where(sql`${t.isCurrent}`),
    index('consignments_doc_idx').on(t.documentNumber),
    index('consignments_country_arrival_idx').on(t.country, t.arrivalDay),
    index('consignments_imo_idx').on(t.imoNumber),
  ],
);

export const consignmentParties = pgTable(
  'consignment_parties',
  {
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    /** The distinct words of name_key without legal forms, plus '#<non-number words>' and '#nonum' (party-tokens.ts): what retro-hunts look up. */
    nameTokens: text('name_tokens').array().notNull().default(sql`'{}'::text[]`),
    address: text('address'),
    city: text('city'),
    postcode: text('postcode'),
    country: text('country'),
    identifiers: jsonb('identifiers').$type<{ scheme: string; value: string }[]>().notNull(),
  },
  (t) => [
    index('consignment_parties_cons_idx').on(t.consignmentId),
    index('consignment_parties_name_trgm').using('gin', sql`${t.nameKey} gin_trgm_ops`),
    // First-seen lookups of a party (risk facts) are by exact folded name and role.
    index('consignment_parties_key_role_idx').on(t.nameKey, t.role),
    index('consignment_parties_tokens_gin').using('gin', t.nameTokens),
  ],
);

/** Every distinct word of party names (name_tokens without the count): the small dictionary fuzzy retro-hunts search first. */
export const partyNameTokens = pgTable(
  'party_name_tokens',
  { token: text('token').primaryKey() },
  (t) => [
    index('party_name_tokens_trgm').using('gin', sql`${t.token} gin_trgm_ops`),
    // The consonant skeleton: spellings that differ in vowels (Trade / Treid, Mohammad / Muhammed).
    index('party_name_tokens_skeleton').on(sql`regexp_replace(${t.token}, '[aeiou]+', '', 'g')`),
  ],
);

export const goodsItems = pgTable(
  'goods_items',
  {
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    hsCode: text('hs_code'),
    description: text('description'),
    packageCount: integer('package_count'),
    packageType: text('package_type'),
    grossMassKg: doublePrecision('gross_mass_kg'),
    netMassKg: doublePrecision('net_mass_kg'),
    value: doublePrecision('value'),
    currency: text('currency'),
    unNumber: text('un_number'),
    containerNumbers: text('container_numbers').array().notNull(),
  },
  (t) => [index('goods_items_cons_idx').on(t.consignmentId), index('goods_items_hs_idx').on(t.hsCode)],
);

export const equipment = pgTable(
  'equipment',
  {
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    containerNumber: text('container_number').notNull(),
    sizeType: text('size_type'),
    seals: text('seals').array().notNull(),
    fullEmpty: text('full_empty'),
  },
  (t) => [index('equipment_cons_idx').on(t.consignmentId), index('equipment_container_idx').on(t.containerNumber)],
);

// ---------------------------------------------------------------- risk and targeting
/** Who owns a profile, list or watchlist: the whole network, one country, or one unit. */
export const OWNER_SCOPES = ['network', 'country', 'unit'] as const;
export type OwnerScope = (typeof OWNER_SCOPES)[number];

export const LIST_KINDS = ['ports', 'countries', 'hs_prefixes', 'companies', 'other'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Named lists used by risk profiles (`list("high-risk-ports")`). */
export const riskLists = pgTable(
  'risk_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<ListKind>().notNull(),
    description: text('description'),
    ownerScope: text('owner_scope').$type<OwnerScope>().notNull(),
    ownerCountry: text('owner_country'),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id),
    items: text('items').array().notNull(),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('risk_lists_name_uq').on(t.name, t.ownerScope, sql`coalesce(${t.ownerCountry}, '')`, sql`coalesce(${t.ownerUnitId}::text, '')`)],
);

export const LANES = ['red', 'yellow', 'green', 'blue'] as const;
export type Lane = (typeof LANES)[number];

export const PROFILE_STATES = ['draft', 'active', 'retired'] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

export const riskProfiles = pgTable(
  'risk_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    ownerScope: text('owner_scope').$type<OwnerScope>().notNull(),
    ownerCountry: text('owner_country'),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id),
    state: text('state').$type<ProfileState>().notNull().default('draft'),
    currentVersion: integer('current_version').notNull(),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('risk_profiles_owner_idx').on(t.ownerScope, t.ownerCountry)],
);

/** Every edit of a profile is a new version; hits remember the version that fired. */
export const riskProfileVersions = pgTable(
  'risk_profile_versions',
  {
    profileId: uuid('profile_id')
      .notNull()
      .references(() => riskProfiles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    rule: text('rule').notNull(),
    weight: integer('weight').notNull(),
    lane: text('lane').$type<Lane>().notNull(),
    reason: text('reason').notNull(),
    instruction: text('instruction').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('risk_profile_versions_pk').on(t.profileId, t.version)],
);

/** The latest assessment of a consignment: score 0–100 and the reasons behind it. */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    consignmentId: uuid('consignment_id')
      .primaryKey()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    country: text('country').notNull(),
    score: doublePrecision('score').notNull(),
    suggestedLane: text('suggested_lane').$type<Lane>().notNull(),
    reasons: jsonb('reasons').$type<unknown[]>().notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('risk_assessments_unit_score_idx').on(t.unitId, t.score)],
);

export const profileHits = pgTable(
  'profile_hits',
  {
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    profileId: uuid('profile_id')
      .notNull()
      .references(() => riskProfiles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    hitAt: timestamp('hit_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('profile_hits_uq').on(t.consignmentId, t.profileId, t.version), index('profile_hits_profile_idx').on(t.profileId, t.version)],
);

export const DECISIONS = ['target', 'release', 'refer'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A unit's targeting decision on a consignment. `random` marks the control sample. */
export const targetingDecisions = pgTable(
  'targeting_decisions',
  {
    consignmentId: uuid('consignment_id')
      .primaryKey()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    decision: text('decision').$type<Decision>().notNull(),
    lane: text('lane').$type<Lane>().notNull(),
    random: boolean('random').notNull().default(false),
    comment: text('comment'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('targeting_decisions_unit_idx').on(t.unitId, t.decidedAt)],
);

export const INSPECTION_METHODS = ['xray', 'physical', 'documentary', 'canine'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];
export const INSPECTION_OUTCOMES = ['no_find', 'irregularity', 'seizure'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    country: text('country').notNull(),
    method: text('method').$type<InspectionMethod>().notNull(),
    outcome: text('outcome').$type<InspectionOutcome>().notNull(),
    notes: text('notes'),
    inspectedBy: uuid('inspected_by'),
    inspectedAt: timestamp('inspected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspections_consignment_idx').on(t.consignmentId), index('inspections_unit_idx').on(t.unitId, t.inspectedAt)],
);

// ---------------------------------------------------------------- watchlists
export const WATCHLIST_KINDS = ['entities', 'vessels', 'containers', 'documents'] as const;
export type WatchlistKind = (typeof WATCHLIST_KINDS)[number];

export const watchlists = pgTable('watchlists', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').$type<WatchlistKind>().notNull(),
  description: text('description'),
  ownerScope: text('owner_scope').$type<OwnerScope>().notNull(),
  ownerCountry: text('owner_country'),
  ownerUnitId: uuid('owner_unit_id').references(() => units.id),
  /** Score contribution of a full match (scaled by the match score for names). */
  weight: integer('weight').notNull(),
  lane: text('lane').$type<Lane>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A person, company, vessel, container or document on a watchlist. Names in any script. */
export const watchlistEntries = pgTable(
  'watchlist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    watchlistId: uuid('watchlist_id')
      .notNull()
      .references(() => watchlists.id, { onDelete: 'cascade' }),
    /** FollowTheMoney schema: Person, Company, Organization, LegalEntity, Vessel… */
    schema: text('schema').notNull(),
    names: text('names').array().notNull(),
    countries: text('countries').array().notNull(),
    birthDate: text('birth_date'),
    identifiers: jsonb('identifiers').$type<{ scheme: string; value: string }[]>().notNull(),
    imoNumber: text('imo_number'),
    containerNumber: text('container_number'),
    documentNumber: text('document_number'),
    externalId: text('external_id'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('watchlist_entries_list_idx').on(t.watchlistId),
    uniqueIndex('watchlist_entries_external_uq').on(t.watchlistId, t.externalId),
    index('watchlist_entries_imo_idx').on(t.imoNumber),
    index('watchlist_entries_container_idx').on(t.containerNumber),
  ],
);

// ---------------------------------------------------------------- information exchange
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];
export const DISTRIBUTIONS = ['own_unit', 'own_country', 'named', 'group', 'network'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];
export const WARNING_STATES = ['pending_approval', 'sent', 'withdrawn'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export interface WarningFacts {
  containers: string[];
  documents: string[];
  vesselImo?: string;
  voyage?: string;
  parties: { name: string; role?: string; country?: string }[];
  route?: string[];
  goods?: string;
}

/** A pre-arrival warning from one unit to others, with its sharing rules. */
export const warnings = pgTable(
  'warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderUnitId: uuid('sender_unit_id')
      .notNull()
      .references(() => units.id),
    senderCountry: text('sender_country').notNull(),
    createdBy: uuid('created_by').notNull(),
    state: text('state').$type<WarningState>().notNull(),
    subject: text('subject').notNull(),
    facts: jsonb('facts').$type<WarningFacts>().notNull(),
    reasons: text('reasons').notNull(),
    requestedAction: text('requested_action').notNull(),
    deadline: text('deadline'),
    tlp: text('tlp').$type<Tlp>().notNull(),
    distribution: text('distribution').$type<Distribution>().notNull(),
    sourceConsignmentId: uuid('source_consignment_id'),
    /** Distribution 'group': the sharing group (e.g. an operation's closed user group). */
    groupId: uuid('group_id'),
    /** A forwarded copy points at the warning it was forwarded from. */
    forwardedFrom: uuid('forwarded_from'),
    /** Person names and identifiers are withheld from receivers outside the sender's country. */
    redactPersonal: boolean('redact_personal').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Number of warning_feedback rows, kept by a trigger (migration 0011) so lists do not count them per row. */
    feedbackCount: integer('feedback_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('warnings_state_idx').on(t.state, t.expiresAt), index('warnings_sender_idx').on(t.senderCountry, t.createdAt)],
);

/** Named recipients: a country (every unit of it) or one unit. */
export const warningRecipients = pgTable(
  'warning_recipients',
  {
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
  },
  (t) => [index('warning_recipients_idx').on(t.warningId), index('warning_recipients_country_idx').on(t.country)],
);

export const FEEDBACK_STATUSES = ['acknowledged', 'actioned'] as const;
export const FEEDBACK_ACTIONS = ['xray', 'physical', 'documentary', 'none'] as const;
export const FEEDBACK_RESULTS = ['pending', 'no_find', 'irregularity', 'seizure'] as const;

export const warningFeedback = pgTable(
  'warning_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    country: text('country').notNull(),
    status: text('status').$type<(typeof FEEDBACK_STATUSES)[number]>().notNull(),
    action: text('action').$type<(typeof FEEDBACK_ACTIONS)[number]>(),
    result: text('result').$type<(typeof FEEDBACK_RESULTS)[number]>().notNull(),
    notes: text('notes'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('warning_feedback_warning_idx').on(t.warningId)],
);

/** A receiving country's consignment that matches a warning. */
export const warningMatches = pgTable(
  'warning_matches',
  {
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    matchedOn: text('matched_on').notNull(),
    value: text('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('warning_matches_uq').on(t.warningId, t.consignmentId, t.matchedOn), index('warning_matches_consignment_idx').on(t.consignmentId)],
);

/** Files attached to a warning (images, documents); type and size checked on upload. */
export const warningAttachments = pgTable(
  'warning_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('warning_attachments_warning_idx').on(t.warningId)],
);

/** A closed user group (e.g. an operation's): its owner admits member countries or units. */
export const sharingGroups = pgTable('sharing_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  ownerUnitId: uuid('owner_unit_id')
    .notNull()
    .references(() => units.id),
  ownerCountry: text('owner_country').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A member: a whole country (unit_id null) or one unit. */
export const sharingGroupMembers = pgTable(
  'sharing_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => sharingGroups.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    addedBy: uuid('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sharing_group_members_uq').on(t.groupId, t.country, sql`coalesce(${t.unitId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    index('sharing_group_members_country_idx').on(t.country),
  ],
);

export const REQUEST_STATES = ['open', 'answered', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** A request for information from one unit to another country's unit (or its country), with replies. */
export const informationRequests = pgTable(
  'information_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderUnitId: uuid('sender_unit_id')
      .notNull()
      .references(() => units.id),
    senderCountry: text('sender_country').notNull(),
    createdBy: uuid('created_by').notNull(),
    recipientCountry: text('recipient_country').notNull(),
    recipientUnitId: uuid('recipient_unit_id').references(() => units.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    tlp: text('tlp').$type<Tlp>().notNull(),
    state: text('state').$type<RequestState>().notNull(),
    warningId: uuid('warning_id').references(() => warnings.id),
    consignmentId: uuid('consignment_id'),
    /** A correlation hint the request follows up ("another country holds related information"). */
    hintKind: text('hint_kind'),
    hintValue: text('hint_value'),
    deadline: text('deadline'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('information_requests_sender_idx').on(t.senderCountry, t.createdAt), index('information_requests_recipient_idx').on(t.recipientCountry, t.createdAt)],
);

export const requestReplies = pgTable(
  'request_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => informationRequests.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    country: text('country').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('request_replies_request_idx').on(t.requestId)],
);

/** In-app notifications, fanned out per user when they are created (visibility decided then). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link').notNull(),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id)],
);

/** Outgoing webhooks for national systems (HMAC-SHA256 signed). */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  country: text('country').notNull(),
  unitId: uuid('unit_id').references(() => units.id),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state').$type<(typeof WEBHOOK_DELIVERY_STATES)[number]>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt)],
);

// ---------------------------------------------------------------- seizures, operations, meetings
export const SEIZURE_FORMS = ['minimal', 'full'] as const;

/** A seizure record, shared by the same rules as warnings (distribution + TLP). */
export const seizures = pgTable(
  'seizures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    country: text('country').notNull(),
    seizureDate: text('seizure_date').notNull(),
    placeLocode: text('place_locode'),
    consignmentId: uuid('consignment_id'),
    inspectionId: uuid('inspection_id'),
    containerNumber: text('container_number'),
    operationId: uuid('operation_id'),
    routeOrigin: text('route_origin'),
    routeTransit: jsonb('route_transit').$type<string[]>().notNull().default([]),
    routeDestination: text('route_destination'),
    transportMode: text('transport_mode'),
    concealment: text('concealment'),
    detectionMethod: text('detection_method'),
    summary: text('summary').notNull().default(''),
    estimatedValue: doublePrecision('estimated_value'),
    currency: text('currency'),
    form: text('form').$type<(typeof SEIZURE_FORMS)[number]>().notNull(),
    qualityScore: smallint('quality_score').notNull(),
    qualityIssues: jsonb('quality_issues').$type<string[]>().notNull().default([]),
    /** Made on information shared by another country (a linked warning from elsewhere). */
    onSharedInformation: boolean('on_shared_information').notNull().default(false),
    tlp: text('tlp').$type<Tlp>().notNull(),
    distribution: text('distribution').$type<Distribution>().notNull(),
    groupId: uuid('group_id'),
    namedCountries: jsonb('named_countries').$type<string[]>().notNull().default([]),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('seizures_reference_uq').on(t.reference),
    index('seizures_country_date_idx').on(t.country, t.seizureDate),
    // Statistics read the days at the edges of a period from here (the whole months come from seizure_stats).
    index('seizures_date_idx').on(t.seizureDate),
    index('seizures_operation_idx').on(t.operationId),
  ],
);

export const seizureItems = pgTable(
  'seizure_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seizureId: uuid('seizure_id')
      .notNull()
      .references(() => seizures.id, { onDelete: 'cascade' }),
    commodity: text('commodity').notNull(),
    description: text('description').notNull().default(''),
    quantity: doublePrecision('quantity').notNull(),
    unit: text('unit').notNull(),
  },
  // Keyed on everything the statistics read, so a seizure's items come from the index alone.
  (t) => [index('seizure_items_seizure_idx').on(t.seizureId, t.commodity, t.unit, t.quantity), index('seizure_items_commodity_idx').on(t.commodity)],
);

/**
 * Maintained seizure statistics (docs/decisions/0010-maintained-seizure-statistics.md): sums of what each
 * seizure contributes per month, and per day for commodities, written by triggers in the transaction that
 * changes a seizure or its items (function seizure_stat_rows, migrations 0010 and 0012). Triggers append delta
 * rows (`merged` false); the statistics.compact job merges them. Readers always sum, so unmerged rows are
 * correct, only slower.
 *  - filter: '' for every seizure, or a commodity code for the seizures with an item of that commodity.
 *  - kind: 'seizure' (by month, country, unit), 'detection' (key1 = method), 'route' (key1 → key2 country
 *    pair), 'commodity' (key1 = commodity, key2 = base unit, quantity in that unit).
 *  - restricted (TLP:RED / AMBER+STRICT): such rows keep unit_id, distribution, group_id and named_countries so
 *    the shared-record visibility rule can be applied to them per viewer; other rows leave them null (except
 *    unit_id on 'seizure' rows, which the unit points need).
 */
export const seizureStats = pgTable(
  'seizure_stats',
  {
    filter: text('filter').notNull(),
    kind: text('kind').$type<'seizure' | 'detection' | 'route' | 'commodity'>().notNull(),
    month: text('month').notNull(),
    /** Null on month rows; the seizure date on the day rows kept for commodities (the edge days of a period). */
    day: text('day'),
    country: text('country').notNull(),
    unitId: uuid('unit_id'),
    key1: text('key1'),
    key2: text('key2'),
    restricted: boolean('restricted').notNull(),
    distribution: text('distribution').$type<Distribution>(),
    groupId: uuid('group_id'),
    namedCountries: jsonb('named_countries').$type<string[]>(),
    seizures: integer('seizures').notNull(),
    shared: integer('shared').notNull(),
    quantity: numeric('quantity'),
    merged: boolean('merged').notNull().default(false),
  },
  (t) => [index('seizure_stats_filter_month_idx').on(t.filter, t.month, t.day), index('seizure_stats_unmerged_idx').on(t.merged).where(sql`NOT ${t.merged}`)],
);

/** Warnings that led to a seizure. */
export const seizureWarnings = pgTable(
  'seizure_warnings',
  {
    seizureId: uuid('seizure_id')
      .notNull()
      .references(() => seizures.id, { onDelete: 'cascade' }),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id),
  },
  (t) => [uniqueIndex('seizure_warnings_uq').on(t.seizureId, t.warningId), index('seizure_warnings_warning_idx').on(t.warningId)],
);

/** Persons and companies involved (nominal data: never in aggregates). */
export const seizurePersons = pgTable(
  'seizure_persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seizureId: uuid('seizure_id')
      .notNull()
      .references(() => seizures.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'person' | 'company'>().notNull(),
    name: text('name').notNull(),
    role: text('role'),
    country: text('country'),
    identifier: text('identifier'),
    birthDate: text('birth_date'),
  },
  (t) => [index('seizure_persons_seizure_idx').on(t.seizureId)],
);

export const seizurePhotos = pgTable(
  'seizure_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seizureId: uuid('seizure_id')
      .notNull()
      .references(() => seizures.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('seizure_photos_seizure_idx').on(t.seizureId)],
);

export const OPERATION_STATES = ['planned', 'active', 'closed'] as const;

/** A joint operation; its participants are the members of its closed sharing group. */
export const operations = pgTable('operations', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  startsOn: text('starts_on').notNull(),
  endsOn: text('ends_on').notNull(),
  coordinatingUnitId: uuid('coordinating_unit_id')
    .notNull()
    .references(() => units.id),
  coordinatingCountry: text('coordinating_country').notNull(),
  groupId: uuid('group_id')
    .notNull()
    .references(() => sharingGroups.id),
  targetCommodities: jsonb('target_commodities').$type<string[]>().notNull().default([]),
  profileIds: jsonb('profile_ids').$type<string[]>().notNull().default([]),
  state: text('state').$type<(typeof OPERATION_STATES)[number]>().notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A participant's daily report during an operation. */
export const operationReports = pgTable(
  'operation_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operationId: uuid('operation_id')
      .notNull()
      .references(() => operations.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    country: text('country').notNull(),
    reportDate: text('report_date').notNull(),
    screened: integer('screened').notNull().default(0),
    selected: integer('selected').notNull().default(0),
    inspected: integer('inspected').notNull().default(0),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('operation_reports_uq').on(t.operationId, t.unitId, t.reportDate)],
);

export const MEETING_KINDS = ['expert_meeting', 'operational_debrief', 'other'] as const;

export const meetings = pgTable('meetings', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  kind: text('kind').$type<(typeof MEETING_KINDS)[number]>().notNull(),
  startsOn: text('starts_on').notNull(),
  endsOn: text('ends_on').notNull(),
  place: text('place'),
  online: boolean('online').notNull().default(false),
  /** [{ country, agency, count }] */
  participants: jsonb('participants').$type<{ country: string; agency?: string; count?: number }[]>().notNull().default([]),
  summary: text('summary').notNull().default(''),
  operationId: uuid('operation_id'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const RECOMMENDATION_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;

/** A recommendation or future action adopted at a meeting, with its owner and follow-up. */
export const recommendations = pgTable(
  'recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    kind: text('kind').$type<'recommendation' | 'action'>().notNull(),
    text: text('text').notNull(),
    ownerCountry: text('owner_country'),
    ownerUnitId: uuid('owner_unit_id'),
    ownerOrganisation: text('owner_organisation'),
    dueDate: text('due_date'),
    status: text('status').$type<(typeof RECOMMENDATION_STATUSES)[number]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recommendations_meeting_idx').on(t.meetingId)],
);

export const recommendationNotes = pgTable(
  'recommendation_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    note: text('note').notNull(),
    status: text('status').$type<(typeof RECOMMENDATION_STATUSES)[number]>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recommendation_notes_idx').on(t.recommendationId)],
);

// ---------------------------------------------------------------- learned model versions
export const MODEL_STATES = ['candidate', 'active', 'retired'] as const;

/** A trained risk model (network-wide or one country's), with its metrics and who activated it. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** null = the network model */
    country: text('country'),
    version: integer('version').notNull(),
    state: text('state').$type<(typeof MODEL_STATES)[number]>().notNull(),
    model: jsonb('model').$type<unknown>().notNull(),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
    trainingFrom: text('training_from'),
    trainingTo: text('training_to'),
    rows: integer('rows').notNull(),
    positives: integer('positives').notNull(),
    trainedBy: uuid('trained_by'),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
    activatedBy: uuid('activated_by'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('model_versions_uq').on(sql`coalesce(${t.country}, '')`, t.version)],
);
