/** One function per API route used by the UI. */
import { api } from './client.ts';
import type {
  Agency,
  ApiToken,
  AuditPage,
  Country,
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
