/** TanStack Query hooks and keys. Mutations invalidate the lists they change. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { directoryApi, meApi, referenceApi, type UnitFilter, type UserFilter } from './endpoints.ts';

export const keys = {
  me: ['me'] as const,
  tokens: ['me', 'tokens'] as const,
  countries: ['countries'] as const,
  agencies: (country: string | null | undefined) => ['agencies', country ?? null] as const,
  units: (f: UnitFilter) => ['units', f] as const,
  unitsAll: ['units'] as const,
  users: (f: UserFilter) => ['users', f] as const,
  usersAll: ['users'] as const,
  audit: (type: string) => ['audit', type] as const,
  locations: (q: string, country: string | null | undefined) => ['locations', q, country ?? null] as const,
};

export function useMeQuery() {
  return useQuery({ queryKey: keys.me, queryFn: ({ signal }) => meApi.get(signal), staleTime: 60_000, retry: false });
}

/** All countries (ISO 3166), cached for the session: used for names everywhere. */
export function useCountries() {
  return useQuery({ queryKey: keys.countries, queryFn: ({ signal }) => directoryApi.countries(false, signal), staleTime: Infinity });
}

export function useAgencies(country: string | null | undefined, enabled = true) {
  return useQuery({ queryKey: keys.agencies(country), queryFn: ({ signal }) => directoryApi.agencies(country, signal), enabled: enabled && !!country, staleTime: 60_000 });
}

/** Every agency (a short list): for localised agency names in tables. */
export function useAllAgencies() {
  return useQuery({ queryKey: ['agencies', 'all'], queryFn: ({ signal }) => directoryApi.agencies(undefined, signal), staleTime: 300_000 });
}

export function useUnit(id: string | null | undefined) {
  return useQuery({ queryKey: ['units', 'one', id], queryFn: ({ signal }) => directoryApi.unit(id!, signal), enabled: !!id, staleTime: 60_000 });
}

export function useUnits(f: UnitFilter, enabled = true) {
  return useQuery({ queryKey: keys.units(f), queryFn: ({ signal }) => directoryApi.units(f, signal), placeholderData: keepPreviousData, enabled });
}

export function useUsers(f: UserFilter, enabled = true) {
  return useQuery({ queryKey: keys.users(f), queryFn: ({ signal }) => directoryApi.users(f, signal), placeholderData: keepPreviousData, enabled });
}

export function useLocations(q: string, country: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.locations(q, country),
    queryFn: ({ signal }) => referenceApi.locations({ q: q || undefined, country, limit: 20 }, signal),
    enabled,
    staleTime: 300_000,
    placeholderData: keepPreviousData,
  });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: ({ signal }) => meApi.tokens(signal) });
}
