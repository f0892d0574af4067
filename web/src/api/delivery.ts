/** Delivery: notifications (inbox, bell, live stream) and webhooks — API functions, query keys and hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, API_BASE } from './client.ts';
import type { AppNotification, NotificationCounts, NotificationFilter, NotificationKind, NotificationPage, Webhook, WebhookDelivery, WebhookInput } from './delivery.types.ts';
import type { Paged } from './types.ts';

export const notificationsApi = {
  list: (f: NotificationFilter, signal?: AbortSignal) =>
    api.get<NotificationPage>('/notifications', { unread: f.unread || undefined, overdue: f.overdue || undefined, kind: f.kind ?? undefined, limit: f.limit, offset: f.offset }, signal),
  count: (signal?: AbortSignal) => api.get<{ data: NotificationCounts }>('/notifications/count', undefined, signal).then((r) => r.data),
  read: (id: number) => api.post<{ data: AppNotification }>(`/notifications/${id}/read`).then((r) => r.data),
  readAll: (opts: { kind?: NotificationKind; refId?: string } = {}) => api.post<{ data: { updated: number } }>('/notifications/read-all', opts).then((r) => r.data.updated),
};

export const webhooksApi = {
  list: (signal?: AbortSignal) => api.get<{ data: Webhook[] }>('/webhooks', undefined, signal).then((r) => r.data),
  create: (input: WebhookInput) => api.post<{ data: { webhook: Webhook; secret: string } }>('/webhooks', input).then((r) => r.data),
  update: (id: string, changes: Partial<WebhookInput>) => api.patch<{ data: Webhook }>(`/webhooks/${id}`, changes).then((r) => r.data),
  remove: (id: string) => api.delete<void>(`/webhooks/${id}`),
  deliveries: (id: string, offset: number, signal?: AbortSignal) => api.get<Paged<WebhookDelivery>>(`/webhooks/${id}/deliveries`, { limit: 20, offset }, signal),
};

export const deliveryKeys = {
  notificationsAll: ['notifications'] as const,
  notifications: (f: NotificationFilter) => ['notifications', 'list', f] as const,
  count: ['notifications', 'count'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (id: string, offset: number) => ['webhooks', 'deliveries', id, offset] as const,
};

export function useNotifications(f: NotificationFilter) {
  return useQuery({ queryKey: deliveryKeys.notifications(f), queryFn: ({ signal }) => notificationsApi.list(f, signal), placeholderData: keepPreviousData });
}

export function useNotificationCount() {
  // The live stream invalidates this; the slow poll only covers a stream that could not connect.
  return useQuery({ queryKey: deliveryKeys.count, queryFn: ({ signal }) => notificationsApi.count(signal), refetchInterval: 120_000 });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => notificationsApi.read(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveryKeys.notificationsAll }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (opts: { kind?: NotificationKind } = {}) => notificationsApi.readAll(opts),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveryKeys.notificationsAll }),
  });
}

/**
 * Listens to the live stream (Server-Sent Events, cookie auth) while mounted: each new notification refreshes
 * the bell and the inbox, and `onNotification` is told. The browser reconnects by itself after a dropped
 * connection or a server restart; after a logout the server says `bye` and the stream is closed for good.
 */
export function useNotificationStream(onNotification?: (n: AppNotification) => void) {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(`${API_BASE}/notifications/stream`, { withCredentials: true });
    es.addEventListener('ready', (e) => {
      qc.setQueryData(deliveryKeys.count, JSON.parse((e as MessageEvent<string>).data) as NotificationCounts);
    });
    es.addEventListener('notification', (e) => {
      void qc.invalidateQueries({ queryKey: deliveryKeys.notificationsAll });
      onNotification?.(JSON.parse((e as MessageEvent<string>).data) as AppNotification);
    });
    es.addEventListener('bye', (e) => {
      if ((JSON.parse((e as MessageEvent<string>).data) as { reason: string }).reason === 'logout') es.close();
    });
    return () => es.close();
  }, [qc, onNotification]);
}

export function useWebhooks(enabled = true) {
  return useQuery({ queryKey: deliveryKeys.webhooks, queryFn: ({ signal }) => webhooksApi.list(signal), enabled });
}

export function useWebhookDeliveries(id: string | null, offset: number) {
  return useQuery({ queryKey: deliveryKeys.deliveries(id ?? '', offset), queryFn: ({ signal }) => webhooksApi.deliveries(id!, offset, signal), enabled: !!id, placeholderData: keepPreviousData });
}
