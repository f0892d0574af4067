/** Shapes of the delivery API (notifications, webhooks). Mirrors server/routes/delivery/*.routes.ts. */
import type { Paged } from './types.ts';

export const NOTIFICATION_KINDS = ['warning.pending_approval', 'warning.received', 'warning.feedback', 'warning.matched', 'request.received', 'request.replied'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  title: string;
  link: string;
  refType: string;
  refId: string;
  dueAt: string | null;
  readAt: string | null;
  createdAt: string;
  overdue: boolean;
}

export interface NotificationCounts {
  unread: number;
  overdue: number;
}

export interface NotificationFilter {
  unread?: boolean;
  overdue?: boolean;
  kind?: NotificationKind | null;
  limit: number;
  offset: number;
}

export type NotificationPage = Paged<AppNotification>;

export interface Webhook {
  id: string;
  country: string;
  unitId: string | null;
  url: string;
  events: NotificationKind[];
  active: boolean;
  createdBy: string;
  createdAt: string;
  can: { update: boolean; delete: boolean };
}

export interface WebhookInput {
  url: string;
  events: NotificationKind[];
  country?: string;
  active?: boolean;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: string;
  payload: Record<string, unknown>;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
