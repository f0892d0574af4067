/**
 * A small offline map projection for route maps: equirectangular with the longitude scaled by the cosine of
 * the view's middle latitude (so shapes look right around the route), fitted to a bounding box with a margin.
 * Pure functions: the world outline comes from world-atlas (Natural Earth 1:110m) via RouteMap.
 */

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Bounds {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

/** A country outline: rings of [lon, lat] with longitudes unwrapped (no jump across ±180), and their bounds. */
export interface Ring {
  points: [number, number][];
  bounds: Bounds;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The box around the points, grown by `margin` (share of the span) on each side and to at least `minSpan` degrees. */
export function fitBounds(points: LonLat[], opts: { margin?: number; minSpan?: number } = {}): Bounds {
  const margin = opts.margin ?? 0.15;
  const minSpan = opts.minSpan ?? 12;
  let minLon = Math.min(...points.map((p) => p.lon));
  let maxLon = Math.max(...points.map((p) => p.lon));
  let minLat = Math.min(...points.map((p) => p.lat));
  let maxLat = Math.max(...points.map((p) => p.lat));
  const grow = (lo: number, hi: number): [number, number] => {
    const span = Math.max(hi - lo, minSpan);
    const mid = (lo + hi) / 2;
    const half = (span * (1 + 2 * margin)) / 2;
    return [mid - half, mid + half];
  };
  [minLon, maxLon] = grow(minLon, maxLon);
  [minLat, maxLat] = grow(minLat, maxLat);
  return { minLon: clamp(minLon, -200, 200), maxLon: clamp(maxLon, -200, 200), minLat: clamp(minLat, -85, 85), maxLat: clamp(maxLat, -85, 85) };
}

export interface Projection {
  width: number;
  height: number;
  project: (lon: number, lat: number) => [number, number];
  /** The lon/lat box actually visible (the fit keeps the aspect ratio, so it is at least `bounds`). */
  visible: Bounds;
}

/** Fits `bounds` into width × height pixels, centred, keeping the aspect ratio. */
export function makeProjection(bounds: Bounds, width: number, height: number): Projection {
  const midLat = clamp((bounds.minLat + bounds.maxLat) / 2, -60, 60);
  const k = Math.cos((midLat * Math.PI) / 180);
  const bw = (bounds.maxLon - bounds.minLon) * k;
  const bh = bounds.maxLat - bounds.minLat;
  const scale = Math.min(width / bw, height / bh);
  const cx = ((bounds.minLon + bounds.maxLon) / 2) * k;
  const cy = -(bounds.minLat + bounds.maxLat) / 2;
  const project = (lon: number, lat: number): [number, number] => [width / 2 + (lon * k - cx) * scale, height / 2 + (-lat - cy) * scale];
  const halfLon = width / 2 / scale / k;
  const halfLat = height / 2 / scale;
  const midLon = (bounds.minLon + bounds.maxLon) / 2;
  const mLat = (bounds.minLat + bounds.maxLat) / 2;
  return { width, height, project, visible: { minLon: midLon - halfLon, maxLon: midLon + halfLon, minLat: mLat - halfLat, maxLat: mLat + halfLat } };
}

/** Rings of GeoJSON-like polygons, unwrapped at the antimeridian, with bounds for culling. */
export function toRings(polygons: number[][][][]): Ring[] {
  const out: Ring[] = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const points: [number, number][] = [];
      let offset = 0;
      let prev: number | null = null;
      for (const pt of ring) {
        const lon = pt[0]!;
        const lat = pt[1]!;
        if (prev !== null && Math.abs(lon + offset - prev) > 180) offset += lon + offset < prev ? 360 : -360;
        prev = lon + offset;
        points.push([lon + offset, lat]);
      }
      if (points.length < 3) continue;
      const lons = points.map((p) => p[0]);
      const lats = points.map((p) => p[1]);
      out.push({ points, bounds: { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) } });
    }
  }
  return out;
}

function intersects(a: Bounds, b: Bounds): boolean {
  return a.minLon <= b.maxLon && a.maxLon >= b.minLon && a.minLat <= b.maxLat && a.maxLat >= b.minLat;
}

/** One SVG path for the rings that can be seen, with points closer than ~0.7 px dropped. */
export function ringsPath(rings: Ring[], p: Projection): string {
  const parts: string[] = [];
  for (const ring of rings) {
    if (!intersects(ring.bounds, p.visible)) continue;
    let d = '';
    let lx = Infinity;
    let ly = Infinity;
    for (const [i, [lon, lat]] of ring.points.entries()) {
      const [x, y] = p.project(lon, lat);
      if (i > 0 && Math.abs(x - lx) + Math.abs(y - ly) < 0.7) continue;
      d += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      lx = x;
      ly = y;
    }
    parts.push(`${d}Z`);
  }
  return parts.join('');
}
