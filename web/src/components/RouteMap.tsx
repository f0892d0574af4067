import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoutePlace } from '../api/types.ts';
import { fitBounds, makeProjection, ringsPath, toRings, type Ring } from '../lib/geo.ts';
import { useCountryNames } from '../lib/labels.ts';

/** Drawn in CSS pixels of the box it fills, so labels and markers keep their size on a phone, a tablet or a laptop. */
const DEFAULT_WIDTH = 800;
const heightFor = (width: number) => Math.round(Math.max(240, Math.min(width * 0.56, 520)));

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } | { type: string; coordinates?: unknown };

/** World outlines (Natural Earth 1:110m from world-atlas), bundled and loaded on first use: no tile server, no network. */
export async function loadWorld(): Promise<Ring[]> {
  const [atlas, topojson] = await Promise.all([import('world-atlas/countries-110m.json'), import('topojson-client')]);
  const topology = atlas.default as unknown as Parameters<typeof topojson.feature>[0];
  const countries = (topology.objects as Record<string, Parameters<typeof topojson.feature>[1]>).countries!;
  const fc = topojson.feature(topology, countries) as unknown as { features: { geometry: Geometry | null }[] };
  const polygons: number[][][][] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') polygons.push(g.coordinates as number[][][]);
    else if (g?.type === 'MultiPolygon') polygons.push(...(g.coordinates as number[][][][]));
  }
  return toRings(polygons);
}

export type RouteRole = 'loading' | 'transshipment' | 'discharge' | 'delivery';
const ROLE_COLORS: Record<RouteRole, string> = { loading: '#1c7ed6', transshipment: '#f08c00', discharge: '#e03131', delivery: '#7048e8' };

export interface MapPlace extends RoutePlace {
  role: RouteRole;
}

/** The places of a route in order, with their role (the API gives loading, transshipments, discharge, delivery). */
export function routeRoles(route: RoutePlace[], c: { placeOfLoading: string | null; transshipments: string[]; placeOfDischarge: string | null; placeOfDelivery: string | null }): MapPlace[] {
  const roles: RouteRole[] = [];
  if (c.placeOfLoading) roles.push('loading');
  for (let i = 0; i < c.transshipments.length; i++) roles.push('transshipment');
  if (c.placeOfDischarge) roles.push('discharge');
  if (c.placeOfDelivery) roles.push('delivery');
  return route.map((p, i) => ({ ...p, role: roles[i] ?? 'transshipment' }));
}

/** The route on an offline world map: places as points joined by a line, fitted to the route with a margin. */
export function RouteMap({ places }: { places: MapPlace[] }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const titleId = useId();
  const { ref, width: measured } = useElementSize();
  const WIDTH = Math.round(measured) || DEFAULT_WIDTH;
  const HEIGHT = heightFor(WIDTH);
  const world = useQuery({ queryKey: ['world-atlas-110m'], queryFn: loadWorld, staleTime: Infinity, gcTime: Infinity });
  const located = useMemo(() => places.filter((p): p is MapPlace & { lat: number; lon: number } => p.lat !== null && p.lon !== null), [places]);
  const description = places.map((p) => `${p.name ?? p.code} (${p.code}, ${t(`routeRoles.${p.role}`)})`).join(' → ');

  const drawing = useMemo(() => {
    if (!located.length) return null;
    const projection = makeProjection(fitBounds(located), WIDTH, HEIGHT);
    const land = world.data ? ringsPath(world.data, projection) : '';
    const pts = located.map((p) => ({ ...p, xy: projection.project(p.lon, p.lat) }));
    // Labels of places that (nearly) coincide are stacked instead of drawn over each other.
    const labels: { x: number; y: number }[] = [];
    const labelled = pts.map((p) => {
      let y = p.xy[1] - 10;
      while (labels.some((l) => Math.abs(l.x - p.xy[0]) < 60 && Math.abs(l.y - y) < 16)) y += 16;
      labels.push({ x: p.xy[0], y });
      return { ...p, labelY: y };
    });
    return { land, pts: labelled };
  }, [located, world.data, WIDTH, HEIGHT]);

  if (!drawing) {
    return (
      <Text size="sm" c="dimmed" data-testid="route-map-empty">
        {t('map.noCoordinates')}
      </Text>
    );
  }
  const line = drawing.pts.map((p) => `${p.xy[0].toFixed(1)},${p.xy[1].toFixed(1)}`).join(' ');
  return (
    <Stack gap="xs">
      <Box ref={ref} pos="relative" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden' }}>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={titleId} data-testid="route-map" style={{ display: 'block', background: '#dbe8f5' }}>
          <title id={titleId}>{t('map.title', { route: description })}</title>
          <path d={drawing.land} fill="#f4f1ea" stroke="#a7a196" strokeWidth={0.6} strokeLinejoin="round" />
          <polyline points={line} fill="none" stroke="#343a40" strokeWidth={2} strokeDasharray="6 4" strokeLinecap="round" />
          {drawing.pts.map((p, i) => (
            <g key={`${p.code}-${i}`} className="route-point" data-code={p.code} data-role={p.role}>
              <circle cx={p.xy[0]} cy={p.xy[1]} r={p.role === 'transshipment' ? 5 : 7} fill={ROLE_COLORS[p.role]} stroke="#fff" strokeWidth={2}>
                <title>{`${p.name ?? p.code} (${p.code})`}</title>
              </circle>
              <text x={p.xy[0] + 10} y={p.labelY} fontSize={13} fontWeight={700} fill="#212529" stroke="#fff" strokeWidth={3} paintOrder="stroke" className="mono">
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
      <Box component="ol" className="plain-list route-legend" aria-label={t('map.places')}>
        {places.map((p, i) => (
          <Box key={`${p.code}-${i}`} component="li" className="route-legend-item">
            <svg width="12" height="12" aria-hidden focusable={false}>
              <circle cx="6" cy="6" r="5" fill={ROLE_COLORS[p.role]} />
            </svg>
            <Text size="sm">
              <Text span className="mono" fw={600} size="sm">
                {p.code}
              </Text>{' '}
              {p.name ?? ''}
              {p.country ? `, ${countries.name(p.country)}` : ''}{' '}
              <Text span c="dimmed" size="xs">
                ({t(`routeRoles.${p.role}`)}
                {p.lat === null || p.lon === null ? `; ${t('map.noPoint')}` : ''})
              </Text>
            </Text>
          </Box>
        ))}
      </Box>
    </Stack>
  );
}
