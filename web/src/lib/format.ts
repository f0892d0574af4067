/** Dates and numbers in the UI language. */
export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium' }).format(d);
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB').format(n);
}

export function formatPercent(ratio: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** A decimal with at most `digits` fraction digits (scores, weights). */
export function formatDecimal(n: number, lang: string, digits = 1): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: digits }).format(n);
}

/** "1.2 MB" in the UI language (units are SI symbols in both languages' technical use). */
export function formatBytes(n: number, lang: string): string {
  const units = lang === 'ru' ? ['Б', 'КБ', 'МБ', 'ГБ'] : ['B', 'kB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${formatDecimal(v, lang, i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * Reads a timestamp the server sent either as ISO 8601 or as PostgreSQL text ("2026-11-28 05:51:47.935+00",
 * e.g. lastPositive of profile performance). Null when it cannot be read.
 */
export function parseServerTime(s: string | null | undefined): Date | null {
  if (!s) return null;
  const iso = s.includes('T') ? s : s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}
