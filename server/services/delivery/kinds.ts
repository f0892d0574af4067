/**
 * What the delivery layer sends: one kind per exchange event. The same names are used for in-app
 * notifications, e-mail and the `event` field of webhook deliveries (and the webhook `events` filter).
 */
export const NOTIFICATION_KINDS = ['warning.pending_approval', 'warning.received', 'warning.feedback', 'warning.matched', 'request.received', 'request.replied'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Events the exchange services hand to dispatch() inside their transaction. */
export type DeliveryEvent =
  | { kind: 'warning.pending_approval'; warningId: string }
  | { kind: 'warning.received'; warningId: string }
  | { kind: 'warning.feedback'; warningId: string; feedbackUnitId: string; authorId: string }
  | { kind: 'warning.matched'; warningId: string; consignmentId: string }
  | { kind: 'request.received'; requestId: string }
  | { kind: 'request.replied'; requestId: string; replyUnitId: string; authorId: string };

/** PostgreSQL channel: NOTIFY is delivered when (and only if) the dispatching transaction commits. */
export const NOTIFY_CHANNEL = 'iren_notifications';
