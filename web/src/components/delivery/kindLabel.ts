import type { TFunction } from 'i18next';
import type { NotificationKind } from '../../api/delivery.types.ts';

/** The localised name of a notification kind (the stored title is English; the kind is what the UI translates). */
export function kindLabel(t: TFunction, kind: NotificationKind): string {
  switch (kind) {
    case 'warning.pending_approval':
      return t('delivery.kinds.warningPendingApproval');
    case 'warning.received':
      return t('delivery.kinds.warningReceived');
    case 'warning.feedback':
      return t('delivery.kinds.warningFeedback');
    case 'warning.matched':
      return t('delivery.kinds.warningMatched');
    case 'request.received':
      return t('delivery.kinds.requestReceived');
    case 'request.replied':
      return t('delivery.kinds.requestReplied');
  }
}
