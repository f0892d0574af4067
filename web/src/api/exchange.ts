/** Information exchange: one function per API route, and the TanStack Query hooks and keys over them. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, API_BASE, withQuery } from './client.ts';
import type {
  Attachment,
  Correlations,
  Distribution,
  Feedback,
  FeedbackInput,
  ForwardInput,
  InformationRequest,
  InformationRequestSummary,
  RequestDetail,
  RequestInput,
  RequestReply,
  RequestState,
  SharingGroup,
  SharingGroupMember,
  Tlp,
  Warning,
  WarningBox,
  WarningDetail,
  WarningDraft,
  WarningInput,
  WarningState,
  WarningSummary,
} from './exchange.types.ts';

type Data<T> = { data: T };
const id = (x: string) => encodeURIComponent(x);

export interface WarningFilter {
  box: WarningBox;
  state?: WarningState | null;
  tlp?: Tlp | null;
  country?: string | null;
  /** Inbox: sent warnings past their deadline that the caller's unit has not answered. */
  overdue?: boolean;
}


export interface RequestFilter {
  box: 'inbox' | 'outbox' | 'all';
  state?: RequestState | null;
  limit: number;
  offset: number;
}

export const warningsApi = {
  list: (f: WarningFilter & { limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<{ data: WarningSummary[]; total: number }>(
      '/warnings',
      { box: f.box, limit: f.limit, offset: f.offset, ...(f.state ? { state: f.state } : {}), ...(f.tlp ? { tlp: f.tlp } : {}), ...(f.country ? { country: f.country } : {}), ...(f.overdue ? { overdue: true } : {}) },
      signal,
    ),
  get: async (warningId: string, signal?: AbortSignal) => (await api.get<Data<WarningDetail>>(`/warnings/${id(warningId)}`, undefined, signal)).data,
  create: async (input: WarningInput) => (await api.post<Data<Warning>>('/warnings', input)).data,
  approve: async (warningId: string) => (await api.post<Data<Warning>>(`/warnings/${id(warningId)}/approve`)).data,
  feedback: async (warningId: string, input: FeedbackInput) => (await api.post<Data<Feedback>>(`/warnings/${id(warningId)}/feedback`, input)).data,
  forward: async (warningId: string, input: ForwardInput) => (await api.post<Data<Warning>>(`/warnings/${id(warningId)}/forward`, input)).data,
  attach: async (warningId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return (await api.upload<Data<Attachment>>(`/warnings/${id(warningId)}/attachments`, form)).data;
  },
  /** The browser downloads attachments itself (the session cookie goes along); the read is audited. */
  attachmentUrl: (warningId: string, attachmentId: string) => `${API_BASE}/warnings/${id(warningId)}/attachments/${id(attachmentId)}`,
  draft: async (consignmentId: string, signal?: AbortSignal) => (await api.get<Data<WarningDraft>>(`/consignments/${id(consignmentId)}/warning-draft`, undefined, signal)).data,
};

export const requestsApi = {
  list: (f: RequestFilter, signal?: AbortSignal) => api.get<{ data: InformationRequestSummary[]; page?: { total: number; limit: number; offset: number } }>('/requests', { ...f }, signal),
  get: async (requestId: string, signal?: AbortSignal) => (await api.get<Data<RequestDetail>>(`/requests/${id(requestId)}`, undefined, signal)).data,
  create: async (input: RequestInput) => (await api.post<Data<InformationRequest>>('/requests', input)).data,
  reply: async (requestId: string, body: string) => (await api.post<Data<RequestReply>>(`/requests/${id(requestId)}/replies`, { body })).data,
  close: async (requestId: string) => (await api.post<Data<InformationRequest>>(`/requests/${id(requestId)}/close`)).data,
};

export const groupsApi = {
  list: async (signal?: AbortSignal) => (await api.get<Data<SharingGroup[]>>('/groups', { limit: 200 }, signal)).data,
  get: async (groupId: string, signal?: AbortSignal) => (await api.get<Data<SharingGroup>>(`/groups/${id(groupId)}`, undefined, signal)).data,
  create: async (input: { name: string; description?: string; ownerUnitId?: string; members?: { country: string; unitId?: string | null }[] }) =>
    (await api.post<Data<SharingGroup>>('/groups', input)).data,
  admit: async (groupId: string, member: { country: string; unitId?: string | null }) => (await api.post<Data<SharingGroupMember>>(`/groups/${id(groupId)}/members`, member)).data,
  remove: (groupId: string, member: { country: string; unitId?: string | null }) => api.delete<void>(withQuery(`/groups/${id(groupId)}/members`, { country: member.country, unitId: member.unitId })),
};

export const correlationsApi = {
  get: async (q: { consignmentId?: string; warningId?: string }, signal?: AbortSignal) => (await api.get<Data<Correlations>>('/correlations', { ...q }, signal)).data,
};

export const exchangeKeys = {
  warningsAll: ['warnings'] as const,
  warnings: (f: WarningFilter) => ['warnings', 'list', f] as const,
  warning: (warningId: string) => ['warnings', 'one', warningId] as const,
  draft: (consignmentId: string) => ['warnings', 'draft', consignmentId] as const,
  requestsAll: ['requests'] as const,
  requests: (f: RequestFilter) => ['requests', 'list', f] as const,
  request: (requestId: string) => ['requests', 'one', requestId] as const,
  groupsAll: ['groups'] as const,
  group: (groupId: string) => ['groups', 'one', groupId] as const,
  correlations: (q: { consignmentId?: string; warningId?: string }) => ['correlations', q] as const,
};

/** Lists refresh every 15 s (and on focus): an incoming warning shows up without reloading the page. */
const LIVE = 15_000;

/** One page of warnings; the API filters by box, state, TLP and sender country and counts the total. */
export function useWarnings(f: WarningFilter, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...exchangeKeys.warnings(f), page.offset, page.limit],
    queryFn: ({ signal }) => warningsApi.list({ ...f, ...page }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
  });
}

export function useWarning(warningId: string | undefined) {
  return useQuery({ queryKey: exchangeKeys.warning(warningId ?? ''), queryFn: ({ signal }) => warningsApi.get(warningId!, signal), enabled: !!warningId, refetchInterval: LIVE });
}

export function useWarningDraft(consignmentId: string | null) {
  return useQuery({ queryKey: exchangeKeys.draft(consignmentId ?? ''), queryFn: ({ signal }) => warningsApi.draft(consignmentId!, signal), enabled: !!consignmentId, staleTime: Infinity, retry: false });
}

export function useRequests(f: RequestFilter) {
  return useQuery({ queryKey: exchangeKeys.requests(f), queryFn: ({ signal }) => requestsApi.list(f, signal), placeholderData: keepPreviousData, refetchInterval: LIVE });
}

export function useRequest(requestId: string | undefined) {
  return useQuery({ queryKey: exchangeKeys.request(requestId ?? ''), queryFn: ({ signal }) => requestsApi.get(requestId!, signal), enabled: !!requestId, refetchInterval: LIVE });
}

export function useGroups(enabled = true) {
  return useQuery({ queryKey: exchangeKeys.groupsAll, queryFn: ({ signal }) => groupsApi.list(signal), enabled });
}

export function useGroup(groupId: string | null) {
  return useQuery({ queryKey: exchangeKeys.group(groupId ?? ''), queryFn: ({ signal }) => groupsApi.get(groupId!, signal), enabled: !!groupId });
}

export function useCorrelations(q: { consignmentId?: string; warningId?: string }) {
  return useQuery({ queryKey: exchangeKeys.correlations(q), queryFn: ({ signal }) => correlationsApi.get(q, signal), enabled: !!(q.consignmentId || q.warningId), retry: false });
}

export type { Distribution };
