/** Joint operations, meetings and recommendations: types, one function per API route, and the query hooks. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, API_BASE, request, withQuery } from './client.ts';
import type { PageInfo } from './types.ts';

type Data<T> = { data: T };
const id = (x: string) => encodeURIComponent(x);

export type OperationState = 'planned' | 'active' | 'closed';
export type RecommendationStatus = 'not_started' | 'in_progress' | 'done' | 'cancelled';
export type FollowUpGroup = 'late' | 'not_started' | 'in_progress' | 'done' | 'cancelled';
export type MeetingKind = 'expert_meeting' | 'operational_debrief' | 'other';
export const OPERATION_STATES: OperationState[] = ['planned', 'active', 'closed'];
export const RECOMMENDATION_STATUSES: RecommendationStatus[] = ['not_started', 'in_progress', 'done', 'cancelled'];
export const FOLLOW_UP_GROUPS: FollowUpGroup[] = ['late', 'not_started', 'in_progress', 'done', 'cancelled'];
export const MEETING_KINDS: MeetingKind[] = ['expert_meeting', 'operational_debrief', 'other'];

export interface OperationSummary {
  id: string;
  /** null in the aggregate view (observers, network admin). */
  code: string | null;
  name: string;
  startsOn: string;
  endsOn: string;
  state: OperationState;
  coordinatingCountry: string;
  coordinatingUnitCode: string | null;
  countries: string[];
  seizures: number;
  view: 'full' | 'aggregate';
}

export interface OperationUnit {
  id: string;
  code: string;
  name: string;
  nameRu: string | null;
  country: string;
  kind: string;
  locode: string;
  placeName: string | null;
  lat: number | null;
  lon: number | null;
  coordinating: boolean;
}

interface OperationCan {
  manage: boolean;
  report: boolean;
  nextStates?: OperationState[];
}

export type OperationDetail =
  | { view: 'aggregate'; id: string; name: string; startsOn: string; endsOn: string; state: OperationState; countries: string[]; can: OperationCan }
  | {
      view: 'full';
      id: string;
      code: string;
      name: string;
      description: string;
      startsOn: string;
      endsOn: string;
      state: OperationState;
      coordinatingUnitId: string;
      coordinatingCountry: string;
      coordinatingUnit: { code: string; name: string; nameRu: string | null } | null;
      groupId: string;
      targetCommodities: string[];
      countries: string[];
      members: { country: string; unitId: string | null; unitCode: string | null; unitName: string | null }[];
      units: OperationUnit[];
      profiles: { id: string; name: string; state: string }[];
      can: OperationCan;
    };

export interface OperationInput {
  code: string;
  name: string;
  description?: string;
  startsOn: string;
  endsOn: string;
  coordinatingUnitId?: string;
  participants: { country: string; unitId?: string | null }[];
  targetCommodities?: string[];
  profileIds?: string[];
}

export interface FeedItem {
  kind: 'warning' | 'feedback' | 'seizure';
  id: string;
  warningId: string | null;
  at: string;
  country: string;
  unitCode: string;
  title: string;
  tlp: string;
  result: string | null;
  onSharedInformation: boolean | null;
  commodities: string | null;
}

export interface DailyReport {
  id: string;
  reportDate: string;
  unitId: string;
  unitCode: string;
  country: string;
  screened: number;
  selected: number;
  inspected: number;
  notes: string;
  createdAt: string;
  editable: boolean;
}
export interface DailyReportTotals {
  screened: number;
  selected: number;
  inspected: number;
  reports: number;
}
export interface DailyReportInput {
  screened: number;
  selected: number;
  inspected: number;
  notes?: string;
}

export interface AfterActionReport {
  operation: { id: string; code: string | null; name: string; coordinatingCountry: string; startsOn: string; endsOn: string; state: OperationState; countries: string[]; coordinatingUnitCode: string | null };
  cargo: { screened: number; selected: number; inspected: number; positive: number; hitRate: number | null };
  warnings: { exchanged: number; answered: number; medianResponseHours: number | null; maxResponseHours: number | null };
  seizures: {
    total: number;
    onSharedInformation: number;
    byCommodity: { commodity: string; seizures: number; quantity: number; unit: string }[];
    byCountry: { country: string; seizures: number; onSharedInformation: number }[];
  };
  reported: DailyReportTotals;
  generatedAt: string;
}

export interface MeetingSummary {
  id: string;
  title: string;
  kind: MeetingKind;
  startsOn: string;
  endsOn: string;
  place: string | null;
  online: boolean;
  participants: { country: string; agency?: string; count?: number }[];
  recommendations: number;
  done: number;
  late: number;
}

export interface RecommendationNote {
  id: string;
  note: string;
  status: RecommendationStatus;
  createdAt: string;
  by: string | null;
}

export interface Recommendation {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingDate: string;
  number: string;
  kind: 'recommendation' | 'action';
  text: string;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  ownerUnitCode: string | null;
  ownerOrganisation: string | null;
  dueDate: string | null;
  status: RecommendationStatus;
  group: FollowUpGroup;
  notes: RecommendationNote[];
  can: { note: boolean; edit: boolean };
}

export interface MeetingDetail extends Omit<MeetingSummary, 'recommendations' | 'done' | 'late'> {
  summary: string;
  operationId: string | null;
  operation: { id: string; name: string } | null;
  recommendations: Recommendation[];
  can: { addRecommendation: boolean; edit: boolean };
}

export interface MeetingInput {
  title: string;
  kind: MeetingKind;
  startsOn: string;
  endsOn: string;
  place?: string;
  online?: boolean;
  participants?: { country: string; agency?: string; count?: number }[];
  summary?: string;
}

/** Only the fields given change; null clears the place. */
export type MeetingPatch = Partial<Omit<MeetingInput, 'place'>> & { place?: string | null };

/** Only the fields given change; null clears an owner part or the due date. */
export interface RecommendationPatch {
  number?: string;
  kind?: 'recommendation' | 'action';
  text?: string;
  ownerCountry?: string | null;
  ownerUnitId?: string | null;
  ownerOrganisation?: string | null;
  dueDate?: string | null;
  status?: RecommendationStatus;
}

export interface RecommendationInput {
  number: string;
  kind: 'recommendation' | 'action';
  text: string;
  ownerCountry?: string;
  ownerUnitId?: string;
  ownerOrganisation?: string;
  dueDate?: string;
}

export interface FollowUp {
  asOf: string;
  meetingId: string | null;
  counts: Record<FollowUpGroup, number>;
  groups: Record<FollowUpGroup, Recommendation[]>;
}

export const operationsApi = {
  list: (q: { state?: OperationState | null; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<{ data: OperationSummary[]; page: PageInfo }>('/operations', { state: q.state ?? undefined, limit: q.limit, offset: q.offset }, signal),
  get: async (opId: string, signal?: AbortSignal) => (await api.get<Data<OperationDetail>>(`/operations/${id(opId)}`, undefined, signal)).data,
  create: async (input: OperationInput) => (await api.post<Data<{ id: string }>>('/operations', input)).data,
  setState: async (opId: string, state: OperationState) => (await api.post<Data<{ id: string; state: OperationState }>>(`/operations/${id(opId)}/state`, { state })).data,
  admit: async (opId: string, p: { country: string; unitId?: string | null }) => (await api.post<Data<unknown>>(`/operations/${id(opId)}/participants`, p)).data,
  remove: async (opId: string, p: { country: string; unitId?: string | null }) => {
    await request<void>('DELETE', `/operations/${id(opId)}/participants`, { query: { country: p.country, unitId: p.unitId ?? undefined } });
  },
  feed: (opId: string, q: { limit: number; offset: number }, signal?: AbortSignal) => api.get<{ data: FeedItem[]; page: PageInfo }>(`/operations/${id(opId)}/feed`, q, signal),
  dailyReports: (opId: string, signal?: AbortSignal) => api.get<{ data: DailyReport[]; totals: DailyReportTotals }>(`/operations/${id(opId)}/daily-reports`, undefined, signal),
  fileDailyReport: async (opId: string, input: DailyReportInput) => (await request<Data<DailyReport>>('PUT', `/operations/${id(opId)}/daily-reports`, { body: input })).data,
  report: async (opId: string, signal?: AbortSignal) => (await api.get<Data<AfterActionReport>>(`/operations/${id(opId)}/report`, undefined, signal)).data,
  /** A plain link: the browser downloads the PDF with the session cookie. */
  reportPdfUrl: (opId: string, lang: string) => withQuery(`${API_BASE}/operations/${id(opId)}/report.pdf`, { lang: lang === 'ru' ? 'ru' : 'en' }),
};

export const meetingsApi = {
  list: (q: { limit: number; offset: number }, signal?: AbortSignal) => api.get<{ data: MeetingSummary[]; page: PageInfo; can: { create: boolean } }>('/meetings', q, signal),
  get: async (meetingId: string, signal?: AbortSignal) => (await api.get<Data<MeetingDetail>>(`/meetings/${id(meetingId)}`, undefined, signal)).data,
  create: async (input: MeetingInput) => (await api.post<Data<{ id: string }>>('/meetings', input)).data,
  update: async (meetingId: string, patch: MeetingPatch) => (await api.patch<Data<{ id: string }>>(`/meetings/${id(meetingId)}`, patch)).data,
  updateRecommendation: async (recommendationId: string, patch: RecommendationPatch) => (await api.patch<Data<{ id: string }>>(`/recommendations/${id(recommendationId)}`, patch)).data,
  addRecommendation: async (meetingId: string, input: RecommendationInput) => (await api.post<Data<{ id: string }>>(`/meetings/${id(meetingId)}/recommendations`, input)).data,
  addNote: async (recommendationId: string, input: { note: string; status: RecommendationStatus }) => (await api.post<Data<RecommendationNote>>(`/recommendations/${id(recommendationId)}/notes`, input)).data,
  followUp: async (q: { meetingId?: string | null; asOf?: string | null }, signal?: AbortSignal) =>
    (await api.get<Data<FollowUp>>('/recommendations/follow-up', { meetingId: q.meetingId ?? undefined, asOf: q.asOf ?? undefined }, signal)).data,
  followUpPdfUrl: (q: { meetingId?: string | null; asOf?: string | null }, lang: string) =>
    withQuery(`${API_BASE}/recommendations/follow-up.pdf`, { meetingId: q.meetingId ?? undefined, asOf: q.asOf ?? undefined, lang: lang === 'ru' ? 'ru' : 'en' }),
};

export const operationsKeys = {
  operationsAll: ['operations'] as const,
  operations: (state: OperationState | null, offset: number) => ['operations', 'list', state, offset] as const,
  operation: (opId: string) => ['operations', 'one', opId] as const,
  feed: (opId: string, offset: number) => ['operations', 'feed', opId, offset] as const,
  dailyReports: (opId: string) => ['operations', 'daily', opId] as const,
  report: (opId: string) => ['operations', 'report', opId] as const,
  meetingsAll: ['meetings'] as const,
  meetings: (offset: number) => ['meetings', 'list', offset] as const,
  meeting: (meetingId: string) => ['meetings', 'one', meetingId] as const,
  followUp: (meetingId: string | null, asOf: string | null) => ['meetings', 'follow-up', meetingId, asOf] as const,
};

export function useOperations(state: OperationState | null, offset: number, limit = 50) {
  return useQuery({ queryKey: operationsKeys.operations(state, offset), queryFn: ({ signal }) => operationsApi.list({ state, limit, offset }, signal), placeholderData: keepPreviousData });
}
export function useOperation(opId: string | undefined) {
  return useQuery({ queryKey: operationsKeys.operation(opId ?? ''), queryFn: ({ signal }) => operationsApi.get(opId!, signal), enabled: !!opId });
}
/** The operation room feed, refreshed every minute while the page is open. */
export function useOperationFeed(opId: string, offset: number, enabled: boolean, limit = 25) {
  return useQuery({ queryKey: operationsKeys.feed(opId, offset), queryFn: ({ signal }) => operationsApi.feed(opId, { limit, offset }, signal), enabled, placeholderData: keepPreviousData, refetchInterval: 60_000 });
}
export function useDailyReports(opId: string, enabled: boolean) {
  return useQuery({ queryKey: operationsKeys.dailyReports(opId), queryFn: ({ signal }) => operationsApi.dailyReports(opId, signal), enabled });
}
export function useAfterActionReport(opId: string) {
  return useQuery({ queryKey: operationsKeys.report(opId), queryFn: ({ signal }) => operationsApi.report(opId, signal) });
}
export function useMeetings(offset: number, limit = 50) {
  return useQuery({ queryKey: operationsKeys.meetings(offset), queryFn: ({ signal }) => meetingsApi.list({ limit, offset }, signal), placeholderData: keepPreviousData });
}
export function useMeeting(meetingId: string | undefined) {
  return useQuery({ queryKey: operationsKeys.meeting(meetingId ?? ''), queryFn: ({ signal }) => meetingsApi.get(meetingId!, signal), enabled: !!meetingId });
}
export function useFollowUp(meetingId: string | null, asOf: string | null) {
  return useQuery({ queryKey: operationsKeys.followUp(meetingId, asOf), queryFn: ({ signal }) => meetingsApi.followUp({ meetingId, asOf }, signal), placeholderData: keepPreviousData });
}
