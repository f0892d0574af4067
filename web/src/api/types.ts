/** Shapes of the iren REST API (/api/v1). Mirrors server/routes/** (the source of truth). */

export const ROLES = ['network_admin', 'national_coordinator', 'unit_head', 'officer', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['pcu', 'accu', 'land_border', 'headquarters'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const AGENCY_KINDS = ['customs', 'border_guard', 'police', 'drug_control', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface PageInfo {
  total: number;
  limit: number;
  offset: number;
}

export interface Paged<T> {
  data: T[];
  page: PageInfo;
}

export type LoginStatus = 'ok' | 'totp_required' | 'totp_setup_required';

export interface LoginResult {
  status: LoginStatus;
  mustChangePassword: boolean;
  language: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  country: string | null;
  unit: { id: string; code: string; name: string } | null;
  language: Language;
  totpEnabled: boolean;
  totpRequired: boolean;
  mfaPassed: boolean;
  mustChangePassword: boolean;
  can: {
    listUsers: boolean;
    manageUsers: boolean;
    assignableRoles: Role[];
    manageUnits: boolean;
    readAudit: boolean;
  };
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Country {
  iso2: string;
  iso3: string;
  nameEn: string;
  nameRu: string;
  member: boolean;
}

export interface Agency {
  id: string;
  country: string;
  name: string;
  nameRu: string | null;
  kind: AgencyKind;
  can: { update: boolean };
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  nameRu: string | null;
  kind: UnitKind;
  country: string;
  agencyId: string;
  agencyName: string;
  locode: string;
  locationName: string;
  lat: number | null;
  lon: number | null;
  dailyCapacity: number;
  active: boolean;
  can: { update: boolean; relocate: boolean };
}

export interface UnitInput {
  code: string;
  name: string;
  nameRu?: string;
  kind: UnitKind;
  country: string;
  agencyId: string;
  locode: string;
  dailyCapacity?: number;
}

export interface UnitChanges {
  code?: string;
  name?: string;
  nameRu?: string | null;
  kind?: UnitKind;
  agencyId?: string;
  locode?: string;
  dailyCapacity?: number;
  active?: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  country: string | null;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  language: Language;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  can: { update: boolean; resetPassword: boolean };
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

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  role?: Role;
  unitId?: string | null;
  country?: string | null;
  disabled?: boolean;
  language?: Language;
}

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  actorUsername: string | null;
  actorTokenId: string | null;
  ip: string | null;
  requestId: string | null;
  country: string | null;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
}

export interface AuditPage {
  data: AuditEvent[];
  nextBefore: number | null;
}

export interface Location {
  unlocode: string;
  country: string;
  name: string;
  subdivision: string | null;
  isPort: boolean;
  isAirport: boolean;
  isRail: boolean;
  isRoad: boolean;
  isBorderCrossing: boolean;
  lat: number | null;
  lon: number | null;
}
