/** One function per API route used by the UI. */
import { api } from './client.ts';
import type {
  Agency,
  ApiToken,
  AuditPage,
  CargoImport,
  ConsignmentDetail,
  ConsignmentFilter,
  ConsignmentRisk,
  ConsignmentSummary,
  Country,
  DecisionInput,
  Inspection,
  InspectionInput,
  IntakeFormat,
  MorePageInfo,
  ProfileDetail,
  ProfileInput,
  ProfileState,
  ProfileVersionInput,
  OwnerScope,
  Queue,
  RiskList,
  RiskListInput,
  RiskProfile,
  RuleTestResult,
  SelectionResult,
  TargetingDecision,
  Language,
  Location,
  LoginResult,
  Me,
  Paged,
  Role,
  TotpSetup,
  Unit,
  UnitChanges,
  UnitInput,
  UnitKind,
  User,
  UserChanges,
  UserInput,
} from './types.ts';

type Data<T> = { data: T };

export const authApi = {
  login: async (username: string, password: string) => (await api.post<Data<LoginResult>>('/auth/login', { username, password })).data,
  totp: async (body: { code: string } | { recoveryCode: string }) =>
    (await api.post<Data<{ status: 'ok'; mustChangePassword: boolean }>>('/auth/totp', body)).data,
  logout: () => api.post<void>('/auth/logout'),
};

export const meApi = {
  get: async (signal?: AbortSignal) => (await api.get<Data<Me>>('/me', undefined, signal)).data,
  setLanguage: (language: Language) => api.patch<void>('/me', { language }),
  changePassword: (currentPassword: string, newPassword: string) => api.post<void>('/me/password', { currentPassword, newPassword }),
  totpSetup: async () => (await api.post<Data<TotpSetup>>('/me/totp/setup')).data,
  totpEnable: async (code: string) => (await api.post<Data<{ recoveryCodes: string[] }>>('/me/totp/enable', { code })).data,
  tokens: async (signal?: AbortSignal) => (await api.get<Data<ApiToken[]>>('/me/tokens', undefined, signal)).data,
  createToken: async (name: string, expiresInDays?: number) =>
    (await api.post<Data<{ token: string; id: string }>>('/me/tokens', expiresInDays ? { name, expiresInDays } : { name })).data,
  revokeToken: (id: string) => api.delete<void>(`/me/tokens/${encodeURIComponent(id)}`),
};

export interface UnitFilter {
  country?: string | null;
  kind?: UnitKind | null;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface UserFilter {
  country?: string | null;
  unitId?: string | null;
  role?: Role | null;
  q?: string;
  limit?: number;
  offset?: number;
}

export const directoryApi = {
  countries: async (members?: boolean, signal?: AbortSignal) => (await api.get<Data<Country[]>>('/countries', { members }, signal)).data,
  agencies: async (country?: string | null, signal?: AbortSignal) => (await api.get<Data<Agency[]>>('/agencies', { country }, signal)).data,
  unit: async (id: string, signal?: AbortSignal) => (await api.get<Data<Unit>>(`/units/${encodeURIComponent(id)}`, undefined, signal)).data,
  units: (f: UnitFilter, signal?: AbortSignal) => api.get<Paged<Unit>>('/units', { ...f }, signal),
  createUnit: async (input: UnitInput) => (await api.post<Data<Unit>>('/units', input)).data,
  updateUnit: async (id: string, changes: UnitChanges) => (await api.patch<Data<Unit>>(`/units/${encodeURIComponent(id)}`, changes)).data,
  users: (f: UserFilter, signal?: AbortSignal) => api.get<Paged<User>>('/users', { ...f }, signal),
  createUser: async (input: UserInput) => (await api.post<Data<{ user: User; temporaryPassword: string | null }>>('/users', input)).data,
  updateUser: async (id: string, changes: UserChanges) => (await api.patch<Data<User>>(`/users/${encodeURIComponent(id)}`, changes)).data,
  resetPassword: async (id: string, resetTotp: boolean) =>
    (await api.post<Data<{ temporaryPassword: string }>>(`/users/${encodeURIComponent(id)}/reset-password`, resetTotp ? { resetTotp } : {})).data,
};

export const auditApi = {
  list: (f: { type?: string; before?: number | null; limit?: number }, signal?: AbortSignal) => api.get<AuditPage>('/audit', { ...f }, signal),
};

export const referenceApi = {
  locations: async (q: { q?: string; country?: string | null; limit?: number }, signal?: AbortSignal) =>
    (await api.get<Data<Location[]>>('/reference/locations', { ...q }, signal)).data,
};

const id = (x: string) => encodeURIComponent(x);

export const cargoApi = {
  /** Upload a cargo file: fields unitId and format first, then the file (the server reads them in order). */
  upload: async (input: { unitId: string; format: IntakeFormat | null; file: File }) => {
    const form = new FormData();
    form.append('unitId', input.unitId);
    if (input.format) form.append('format', input.format);
    form.append('file', input.file, input.file.name);
    return (await api.upload<Data<CargoImport>>('/imports', form)).data;
  },
  imports: async (limit: number, signal?: AbortSignal) => (await api.get<Data<CargoImport[]>>('/imports', { limit }, signal)).data,
  import: async (importId: string, signal?: AbortSignal) => (await api.get<Data<CargoImport>>(`/imports/${id(importId)}`, undefined, signal)).data,
  consignments: (f: ConsignmentFilter, signal?: AbortSignal) => api.get<{ data: ConsignmentSummary[]; page: MorePageInfo }>('/consignments', { ...f }, signal),
  consignment: async (consignmentId: string, signal?: AbortSignal) => (await api.get<Data<ConsignmentDetail>>(`/consignments/${id(consignmentId)}`, undefined, signal)).data,
};

export const targetingApi = {
  queue: (q: { unitId: string; includeDecided?: boolean; limit?: number; offset?: number }, signal?: AbortSignal) => api.get<Queue>('/targeting/queue', { ...q }, signal),
  runSelection: async (unitId: string, randomRate: number) => (await api.post<Data<SelectionResult>>('/targeting/selection', { unitId, randomRate })).data,
  decide: async (consignmentId: string, input: DecisionInput) => (await api.post<Data<TargetingDecision>>(`/consignments/${id(consignmentId)}/decision`, input)).data,
  recordInspection: async (consignmentId: string, input: InspectionInput) => (await api.post<Data<Inspection>>(`/consignments/${id(consignmentId)}/inspections`, input)).data,
  risk: async (consignmentId: string, signal?: AbortSignal) => (await api.get<Data<ConsignmentRisk>>(`/consignments/${id(consignmentId)}/risk`, undefined, signal)).data,
  inspections: async (consignmentId: string, signal?: AbortSignal) => (await api.get<Data<Inspection[]>>(`/consignments/${id(consignmentId)}/inspections`, undefined, signal)).data,
};

export const riskApi = {
  profiles: async (signal?: AbortSignal) => (await api.get<Data<RiskProfile[]>>('/risk/profiles', undefined, signal)).data,
  profile: async (profileId: string, signal?: AbortSignal) => (await api.get<Data<ProfileDetail>>(`/risk/profiles/${id(profileId)}`, undefined, signal)).data,
  createProfile: async (input: ProfileInput) => (await api.post<Data<RiskProfile>>('/risk/profiles', input)).data,
  addVersion: async (profileId: string, input: ProfileVersionInput) => (await api.post<Data<RiskProfile>>(`/risk/profiles/${id(profileId)}/versions`, input)).data,
  setState: async (profileId: string, state: ProfileState) => (await api.post<Data<RiskProfile>>(`/risk/profiles/${id(profileId)}/state`, { state })).data,
  testRule: async (input: { ownerScope: OwnerScope; ownerUnitId?: string | null; rule: string; days: number }) => (await api.post<Data<RuleTestResult>>('/risk/profiles/test', input)).data,
  lists: async (signal?: AbortSignal) => (await api.get<Data<RiskList[]>>('/risk/lists', undefined, signal)).data,
  createList: async (input: RiskListInput) => (await api.post<Data<RiskList>>('/risk/lists', input)).data,
  updateList: async (listId: string, changes: { items?: string[]; description?: string | null }) => (await api.patch<Data<RiskList>>(`/risk/lists/${id(listId)}`, changes)).data,
};
