/** TanStack Query hooks and keys. Mutations invalidate the lists they change. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { cargoApi, directoryApi, meApi, referenceApi, riskApi, targetingApi, type UnitFilter, type UserFilter } from './endpoints.ts';
import type { CargoImport, ConsignmentFilter } from './types.ts';
import { seizuresApi, statisticsApi } from './endpoints.ts';
import { ruleBuilderApi, watchlistsApi } from './endpoints.ts';
import { modelApi } from './endpoints.ts';
import type { SeizureFilter, StatsFilter } from './types.ts';

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
  imports: ['imports'] as const,
  importOne: (id: string) => ['imports', 'one', id] as const,
  consignmentsAll: ['consignments'] as const,
  consignments: (f: ConsignmentFilter) => ['consignments', 'search', f] as const,
  consignment: (id: string) => ['consignments', 'one', id] as const,
  consignmentRisk: (id: string) => ['consignments', 'risk', id] as const,
  queueAll: ['queue'] as const,
  queue: (unitId: string, includeDecided: boolean, offset: number) => ['queue', unitId, includeDecided, offset] as const,
  profilesAll: ['profiles'] as const,
  profile: (id: string) => ['profiles', 'one', id] as const,
  lists: ['lists'] as const,
  watchlistsAll: ['watchlists'] as const,
  watchlist: (id: string, offset: number, q: string) => ['watchlists', 'one', id, offset, q] as const,
  screen: (name: string, schema: string) => ['watchlists', 'screen', name, schema] as const,
};

const FINISHED = new Set<CargoImport['state']>(['done', 'failed']);

export function useImports(limit = 20) {
  return useQuery({ queryKey: [...keys.imports, 'recent', limit], queryFn: ({ signal }) => cargoApi.imports(limit, signal) });
}

/** One import, polled every second until it is done or failed. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: keys.importOne(id ?? ''),
    queryFn: ({ signal }) => cargoApi.import(id!, signal),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.state) ? false : 1000),
  });
}

export function useConsignments(f: ConsignmentFilter, enabled = true) {
  return useQuery({ queryKey: keys.consignments(f), queryFn: ({ signal }) => cargoApi.consignments(f, signal), placeholderData: keepPreviousData, enabled });
}

export function useConsignment(id: string | undefined) {
  return useQuery({ queryKey: keys.consignment(id ?? ''), queryFn: ({ signal }) => cargoApi.consignment(id!, signal), enabled: !!id });
}

export function useConsignmentRisk(id: string | undefined) {
  return useQuery({ queryKey: keys.consignmentRisk(id ?? ''), queryFn: ({ signal }) => targetingApi.risk(id!, signal), enabled: !!id });
}

export function useQueue(unitId: string | null, includeDecided: boolean, offset: number, limit: number) {
  return useQuery({
    queryKey: keys.queue(unitId ?? '', includeDecided, offset),
    queryFn: ({ signal }) => targetingApi.queue({ unitId: unitId!, includeDecided: includeDecided || undefined, limit, offset }, signal),
    enabled: !!unitId,
    placeholderData: keepPreviousData,
  });
}

export function useProfiles() {
  return useQuery({ queryKey: keys.profilesAll, queryFn: ({ signal }) => riskApi.profiles(signal) });
}

export function useProfile(id: string | undefined) {
  return useQuery({ queryKey: keys.profile(id ?? ''), queryFn: ({ signal }) => riskApi.profile(id!, signal), enabled: !!id });
}

export function useRiskLists() {
  return useQuery({ queryKey: keys.lists, queryFn: ({ signal }) => riskApi.lists(signal) });
}

export function useRuleFields() {
  return useQuery({ queryKey: ['rule-fields'] as const, queryFn: ({ signal }) => ruleBuilderApi.fields(signal), staleTime: Infinity });
}

export function useWatchlists() {
  return useQuery({ queryKey: keys.watchlistsAll, queryFn: ({ signal }) => watchlistsApi.list(signal) });
}

export const WATCHLIST_PAGE = 25;

export function useWatchlist(id: string | undefined, offset: number, q: string) {
  return useQuery({
    queryKey: keys.watchlist(id ?? '', offset, q),
    queryFn: ({ signal }) => watchlistsApi.get(id!, { limit: WATCHLIST_PAGE, offset, q }, signal),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  });
}

export function useScreen(name: string, schema: string) {
  return useQuery({ queryKey: keys.screen(name, schema), queryFn: ({ signal }) => watchlistsApi.screen(name, schema || undefined, signal), enabled: name.trim().length > 0 });
}

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

// ---------------------------------------------------------------- results: seizures and statistics
export const resultsKeys = {
  taxonomy: ['seizures', 'taxonomy'] as const,
  seizuresAll: ['seizures'] as const,
  seizures: (f: SeizureFilter) => ['seizures', 'list', f] as const,
  seizure: (id: string) => ['seizures', 'one', id] as const,
  statistics: (f: StatsFilter) => ['statistics', f] as const,
};

export function useSeizureTaxonomy() {
  return useQuery({ queryKey: resultsKeys.taxonomy, queryFn: ({ signal }) => seizuresApi.taxonomy(signal), staleTime: Infinity });
}

export function useSeizures(f: SeizureFilter) {
  return useQuery({ queryKey: resultsKeys.seizures(f), queryFn: ({ signal }) => seizuresApi.list(f, signal), placeholderData: keepPreviousData });
}

export function useSeizure(id: string | undefined) {
  return useQuery({ queryKey: resultsKeys.seizure(id ?? ''), queryFn: ({ signal }) => seizuresApi.get(id!, signal), enabled: !!id });
}

export function useStatistics(f: StatsFilter) {
  return useQuery({ queryKey: resultsKeys.statistics(f), queryFn: ({ signal }) => statisticsApi.dashboard(f, signal), placeholderData: keepPreviousData });
}

// ---------------------------------------------------------------- learned risk model
export const modelKeys = {
  all: ['models'] as const,
  one: (id: string) => ['models', 'one', id] as const,
};

export function useModelVersions() {
  return useQuery({ queryKey: modelKeys.all, queryFn: ({ signal }) => modelApi.list(signal) });
}

export function useModelVersion(id: string | undefined) {
  return useQuery({ queryKey: modelKeys.one(id ?? ''), queryFn: ({ signal }) => modelApi.get(id!, signal), enabled: !!id });
}
