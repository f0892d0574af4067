import { Fragment } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "CNSHA → TRAMB → GEPTI": loading, transshipments, discharge (codes as sent: UN/LOCODE or IATA). */
export function RouteText({ loading, via, discharge }: { loading: string | null; via: string[]; discharge: string | null }) {
  const { t } = useTranslation();
  const parts = [loading ?? '?', ...via, discharge ?? '?'];
  const label = t('consignments.routeAria', { from: loading ?? t('consignments.unknownPlace'), via: via.join(', ') || t('common.none'), to: discharge ?? t('consignments.unknownPlace') });
  return (
    <Text span size="sm" className="mono" aria-label={label} title={label}>
      {/* Each place keeps its arrow; a long route wraps between places on a narrow screen. */}
      {parts.map((p, i) => (
        <Fragment key={`${p}-${i}`}>
          {i > 0 && ' '}
          <span className="nowrap">
            {i > 0 && (
              <Text span c="dimmed" aria-hidden>
                {'→\u00a0'}
              </Text>
            )}
            {i > 0 && i < parts.length - 1 ? (
              <Text span c="dimmed" size="sm" className="mono">
                {p}
              </Text>
            ) : (
              p
            )}
          </span>
        </Fragment>
      ))}
    </Text>
  );
}
