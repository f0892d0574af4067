import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNotificationCount, useNotificationStream } from '../../api/delivery.ts';
import type { AppNotification } from '../../api/delivery.types.ts';
import { kindLabel } from './kindLabel.ts';

function BellIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The header bell: unread count, kept live by the notification stream; opens the inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const count = useNotificationCount();
  const unread = count.data?.unread ?? 0;
  const onNotification = useCallback(
    (n: AppNotification) => notifications.show({ title: kindLabel(t, n.kind), message: n.title, color: n.overdue ? 'red' : 'blue', autoClose: 6000 }),
    [t],
  );
  useNotificationStream(onNotification);
  const label = unread > 0 ? t('delivery.bell.unread', { count: unread }) : t('delivery.bell.none');
  return (
    <Tooltip label={label}>
      <Indicator label={unread > 99 ? '99+' : unread} size={18} color="red" disabled={unread === 0} offset={4} data-testid="bell-count" data-count={unread}>
        <ActionIcon component={Link} to="/inbox" variant="subtle" size="lg" aria-label={label}>
          <BellIcon />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
