import { createTheme, Modal, Notification, Pagination, PasswordInput, Select, type MantineThemeOverride } from '@mantine/core';
import type { TFunction } from 'i18next';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

/** The theme, with accessible names in the UI language for Mantine's icon-only buttons. */
export function buildTheme(t: TFunction): MantineThemeOverride {
  return createTheme({
    primaryColor: 'blue',
    focusRing: 'auto',
    defaultRadius: 'sm',
    fontFamily: FONT,
    headings: { fontFamily: FONT },
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
      Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': t('common.clear') } } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.togglePassword') } } }),
      Pagination: Pagination.extend({
        defaultProps: {
          getControlProps: (control: 'first' | 'previous' | 'last' | 'next') => ({ 'aria-label': t(`common.page.${control}`) }),
          getItemProps: (page: number) => ({ 'aria-label': t('common.page.number', { page }) }),
        },
      }),
    },
  });
}
