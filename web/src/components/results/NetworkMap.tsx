import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatsDashboard } from '../../api/types.ts';
import { fitBounds, makeProjection, ringsPath } from '../../lib/geo.ts';
import { useCountryNames } from '../../lib/labels.ts';
import { loadWorld } from '../RouteMap.tsx';

const heightFor = (width: number) => Math.round(Math.max(260, Math.min(width * 0.55, 520)));

/** The network on an offline world map: units as points sized by their seizures, seizure routes as arcs. */
export function NetworkMap({ points, routes }: { points: StatsDashboard['points']; routes: StatsDashboard['routes'] }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const titleId = useId();
  const { ref, width: measured } = useElementSize();
  const WIDTH = Math.round(measured) || 800;
  const HEIGHT = heightFor(WIDTH);
  const world = useQuery({ queryKey: ['world-atlas-110m'], queryFn: loadWorld, staleTime: Infinity, gcTime: Infinity });
  const located = useMemo(() => points.filter((p): p is typeof p & { lat: number; lon: number } => p.lat !== null && p.lon !== null), [points]);
  const arcs = useMemo(
    () => routes.filter((r) => r.originLat !== null && r.originLon !== null && r.destinationLat !== null && r.destinationLon !== null && r.origin !== r.destination),
    [routes],
  );

  const drawing = useMemo(() => {
    const all = [...located.map((p) => ({ lat: p.lat, lon: p.lon })), ...arcs.flatMap((r) => [{ lat: r.originLat!, lon: r.originLon! }, { lat: r.destinationLat!, lon: r.destinationLon! }])];
    if (!all.length) return null;
    const projection = makeProjection(fitBounds(all, { margin: 0.1 }), WIDTH, HEIGHT);
    const land = world.data ? ringsPath(world.data, projection) : '';
    const max = Math.max(1, ...arcs.map((r) => r.seizures));
    const paths = arcs.map((r) => {
      const [x1, y1] = projection.project(r.originLon!, r.originLat!);
      const [x2, y2] = projection.project(r.destinationLon!, r.destinationLat!);
      // A quadratic curve bent to the left of the direction of travel.
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.2;
      const my = (y1 + y2) / 2 + (x2 - x1) * 0.2;
      return { ...r, d: `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`, width: 1 + (3 * r.seizures) / max };
    });
    const maxPoint = Math.max(1, ...located.map((p) => p.seizures));
    const dots = located.map((p) => ({ ...p, xy: projection.project(p.lon, p.lat), r: 4 + (8 * p.seizures) / maxPoint }));
    return { land, paths, dots };
  }, [located, arcs, world.data, WIDTH, HEIGHT]);

  if (!drawing) {
    return (
      <Text size="sm" c="dimmed">
        {t('results.stats.noData')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Box ref={ref} pos="relative" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden' }}>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={titleId} data-testid="network-map" style={{ display: 'block', background: '#dbe8f5' }}>
          <title id={titleId}>{t('results.stats.mapDescription')}</title>
          <defs>
            <marker id={`${titleId}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="#c92a2a" />
            </marker>
          </defs>
          <path d={drawing.land} fill="#f4f1ea" stroke="#a7a196" strokeWidth={0.6} strokeLinejoin="round" />
          {drawing.paths.map((r) => (
            <path key={`${r.origin}-${r.destination}`} className="route-arc" data-route={`${r.origin}-${r.destination}`} d={r.d} fill="none" stroke={r.onSharedInformation ? '#e8590c' : '#c92a2a'} strokeOpacity={0.75} strokeWidth={r.width} markerEnd={`url(#${titleId}-arrow)`}>
              <title>{t('results.stats.route', { origin: countries.name(r.origin), destination: countries.name(r.destination), count: r.seizures })}</title>
            </path>
          ))}
          {drawing.dots.map((p) => (
            <circle key={p.unitCode} className="unit-point" data-unit={p.unitCode} cx={p.xy[0]} cy={p.xy[1]} r={p.r} fill={p.seizures ? '#1c7ed6' : '#adb5bd'} fillOpacity={0.85} stroke="#fff" strokeWidth={1.5}>
              <title>{`${p.unitName} (${p.locode}): ${p.seizures}`}</title>
            </circle>
          ))}
        </svg>
        {world.isPending && (
          <Center pos="absolute" inset={0}>
            <Loader size="sm" aria-label={t('common.loading')} />
          </Center>
        )}
      </Box>
      <Text size="xs" c="dimmed">
        {t('results.stats.mapDescription')}
      </Text>
    </Stack>
  );
}
