import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { Language, Me } from '../api/types.ts';
import { currentLanguage, isLanguage } from '../i18n/index.ts';
import { errorMessage } from '../lib/errors.ts';

/** EN/RU switch. When someone is logged in (even half-way), the choice is saved on their account. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();

  const change = (value: string) => {
    if (!isLanguage(value) || value === currentLanguage()) return;
    const previous: Language = currentLanguage();
    void i18n.changeLanguage(value);
    const me = queryClient.getQueryData<Me>(keys.me);
    if (!me) return;
    queryClient.setQueryData<Me>(keys.me, { ...me, language: value });
    meApi.setLanguage(value).catch((e: unknown) => {
      queryClient.setQueryData<Me>(keys.me, (m) => (m ? { ...m, language: previous } : m));
      void i18n.changeLanguage(previous);
      notifications.show({ color: 'red', message: errorMessage(e) });
    });
  };

  const option = (value: Language, short: string, full: string) => ({
    value,
    label: (
      <span lang={value} title={full}>
        <span aria-hidden="true">{short}</span>
        <VisuallyHidden>{full}</VisuallyHidden>
      </span>
    ),
  });

  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={currentLanguage()}
      onChange={change}
      data={[option('en', t('language.en'), t('language.enName')), option('ru', t('language.ru'), t('language.ruName'))]}
    />
  );
}
