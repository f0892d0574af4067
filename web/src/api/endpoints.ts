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

import { API_BASE, request, withQuery } from './client.ts';
import type { BuilderSpec, RuleField, ScreenHit, Watchlist, WatchlistChange, WatchlistDetail, WatchlistEntryInput, WatchlistInput } from './types.ts';
import type { ModelVersion, ModelVersionDetail } from './types.ts';
import type { SeizureDetail, SeizureFilter, SeizureImportReport, SeizureInput, SeizureQuality, SeizureRecord, SeizureSummary, SeizureTaxonomy, StatsDashboard, StatsFilter } from './types.ts';

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

export const ruleBuilderApi = {
  fields: async (signal?: AbortSignal) => (await api.get<Data<RuleField[]>>('/risk/rule-fields', undefined, signal)).data,
  text: async (spec: BuilderSpec) => (await api.post<Data<{ rule: string }>>('/risk/rule-builder/text', spec)).data.rule,
  form: async (rule: string) => (await api.post<Data<{ spec: BuilderSpec | null }>>('/risk/rule-builder/form', { rule })).data.spec,
};

export const watchlistsApi = {
  list: async (signal?: AbortSignal) => (await api.get<Data<Watchlist[]>>('/risk/watchlists', undefined, signal)).data,
  get: async (watchlistId: string, page: { limit: number; offset: number; q?: string }, signal?: AbortSignal) =>
    (await api.get<Data<WatchlistDetail>>(`/risk/watchlists/${id(watchlistId)}`, { limit: page.limit, offset: page.offset, q: page.q || undefined }, signal)).data,
  create: async (input: WatchlistInput) => (await api.post<Data<Watchlist>>('/risk/watchlists', input)).data,
  addEntries: async (watchlistId: string, entries: WatchlistEntryInput[]) => (await api.post<Data<WatchlistChange>>(`/risk/watchlists/${id(watchlistId)}/entries`, entries)).data,
  removeEntry: (watchlistId: string, entryId: string) => api.delete<void>(`/risk/watchlists/${id(watchlistId)}/entries/${id(entryId)}`),
  importFile: async (watchlistId: string, file: File, format?: 'csv' | 'ftm') => {
    const form = new FormData();
    if (format) form.append('format', format);
    form.append('file', file, file.name);
    return (await api.upload<Data<WatchlistChange>>(`/risk/watchlists/${id(watchlistId)}/import`, form)).data;
  },
  screen: async (name: string, schema: string | undefined, signal?: AbortSignal) => (await api.get<Data<ScreenHit[]>>('/risk/screen', { name, schema, limit: 10 }, signal)).data,
};

export const seizuresApi = {
  taxonomy: async (signal?: AbortSignal) => (await api.get<Data<SeizureTaxonomy>>('/seizures/taxonomy', undefined, signal)).data,
  list: (f: SeizureFilter, signal?: AbortSignal) => api.get<{ data: SeizureSummary[]; page: { total: number; limit: number; offset: number } }>('/seizures', { ...f }, signal),
  get: async (seizureId: string, signal?: AbortSignal) => (await api.get<Data<SeizureDetail>>(`/seizures/${id(seizureId)}`, undefined, signal)).data,
  create: async (input: SeizureInput) => (await api.post<Data<SeizureRecord>>('/seizures', input)).data,
  update: async (seizureId: string, input: SeizureInput) => (await request<Data<SeizureRecord>>('PUT', `/seizures/${id(seizureId)}`, { body: input })).data,
  quality: async (draft: Partial<SeizureInput>) => (await api.post<Data<SeizureQuality>>('/seizures/quality', draft)).data,
  addPhoto: async (seizureId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return (await api.upload<Data<{ id: string }>>(`/seizures/${id(seizureId)}/photos`, form)).data;
  },
  importCsv: async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return (await api.upload<Data<SeizureImportReport>>('/seizures/import', form)).data;
  },
  photoUrl: (seizureId: string, photoId: string) => `${API_BASE}/seizures/${id(seizureId)}/photos/${id(photoId)}`,
  csvUrl: (f: SeizureFilter) => withQuery(`${API_BASE}/seizures.csv`, { from: f.from, to: f.to, country: f.country, commodity: f.commodity, detectionMethod: f.detectionMethod, onSharedInformation: f.onSharedInformation }),
};

export const statisticsApi = {
  dashboard: async (f: StatsFilter, signal?: AbortSignal) => (await api.get<Data<StatsDashboard>>('/statistics/dashboard', { ...f }, signal)).data,
  csvUrl: (table: string, f: StatsFilter) => withQuery(`${API_BASE}/statistics/${table}`, { ...f, format: 'csv' }),
  pdfUrl: (f: StatsFilter, lang: string) => withQuery(`${API_BASE}/statistics/report.pdf`, { ...f, lang }),
};

export const modelApi = {
  list: async (signal?: AbortSignal) => (await api.get<Data<ModelVersion[]>>('/risk/models', undefined, signal)).data,
  get: async (modelId: string, signal?: AbortSignal) => (await api.get<Data<ModelVersionDetail>>(`/risk/models/${id(modelId)}`, undefined, signal)).data,
  train: async (country: string | null) => (await api.post<Data<{ jobId: string | null }>>('/risk/models/train', { country })).data,
  activate: async (modelId: string) => (await api.post<Data<ModelVersionDetail>>(`/risk/models/${id(modelId)}/activate`)).data,
  rollback: async (country: string | null) => (await api.post<Data<ModelVersionDetail>>('/risk/models/rollback', { country })).data,
};
