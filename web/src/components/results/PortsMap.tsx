import { Box, Center, Loader, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fitBounds, makeProjection, ringsPath } from '../../lib/geo.ts';
import { loadWorld } from '../RouteMap.tsx';

export interface MapPort {
  code: string;
  label: string;
  lat: number | null;
  lon: number | null;
  highlight?: boolean;
}

const heightFor = (width: number) => Math.round(Math.max(240, Math.min(width * 0.56, 480)));

/** Ports and units as points on the offline world map (Natural Earth via world-atlas), fitted to them. */
export function PortsMap({ ports, title }: { ports: MapPort[]; title: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { ref, width: measured } = useElementSize();
  const WIDTH = Math.round(measured) || 800;
  const HEIGHT = heightFor(WIDTH);
  const world = useQuery({ queryKey: ['world-atlas-110m'], queryFn: loadWorld, staleTime: Infinity, gcTime: Infinity });
  const located = useMemo(() => ports.filter((p): p is MapPort & { lat: number; lon: number } => p.lat !== null && p.lon !== null), [ports]);
  const drawing = useMemo(() => {
    if (!located.length) return null;
    const projection = makeProjection(fitBounds(located), WIDTH, HEIGHT);
    const labels: { x: number; y: number }[] = [];
    const pts = located.map((p) => {
      const xy = projection.project(p.lon, p.lat);
      let y = xy[1] - 10;
      while (labels.some((l) => Math.abs(l.x - xy[0]) < 80 && Math.abs(l.y - y) < 16)) y += 16;
      labels.push({ x: xy[0], y });
      return { ...p, xy, labelY: y };
    });
    return { land: world.data ? ringsPath(world.data, projection) : '', pts };
  }, [located, world.data, WIDTH, HEIGHT]);

  if (!drawing) {
    return (
      <Text size="sm" c="dimmed">
        {t('map.noCoordinates')}
      </Text>
    );
  }
  return (
    <Box ref={ref} pos="relative" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden' }}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={titleId} data-testid="ports-map" style={{ display: 'block', background: '#dbe8f5' }}>
        <title id={titleId}>{`${title}: ${ports.map((p) => p.label).join(', ')}`}</title>
        <path d={drawing.land} fill="#f4f1ea" stroke="#a7a196" strokeWidth={0.6} strokeLinejoin="round" />
        {drawing.pts.map((p) => (
          <g key={p.code} className="map-port" data-code={p.code}>
            <circle cx={p.xy[0]} cy={p.xy[1]} r={p.highlight ? 8 : 6} fill={p.highlight ? '#e03131' : '#1c7ed6'} stroke="#fff" strokeWidth={2}>
              <title>{p.label}</title>
            </circle>
            <text x={p.xy[0] + 10} y={p.labelY} fontSize={12} fontWeight={700} fill="#212529" stroke="#fff" strokeWidth={3} paintOrder="stroke" className="mono">
              {p.code}
            </text>
          </g>
        ))}
      </svg>
      {world.isPending && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
    </Box>
  );
}
