/**
 * Every audit event type the server can write has a label on the audit page, in English and in Russian
 * (web/src/i18n/{en,ru}.json → auditTypes.<prefix>.<rest>), so the log never shows raw type names.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = fs.readFileSync(new URL('./events.ts', import.meta.url), 'utf8');
const types = [...new Set([...source.matchAll(/type: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!))].sort();

function label(lang: 'en' | 'ru', type: string): unknown {
  const json = JSON.parse(fs.readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as { auditTypes: Record<string, Record<string, string>> };
  const dot = type.indexOf('.');
  return json.auditTypes[type.slice(0, dot)]?.[type.slice(dot + 1)];
}

describe('audit event labels', () => {
  it('finds the event types in events.ts', () => {
    expect(types.length).toBeGreaterThan(50);
    expect(types).toContain('warning.read');
  });
  it.each(['en', 'ru'] as const)('labels every event type in %s', (lang) => {
    expect(types.filter((t) => typeof label(lang, t) !== 'string')).toEqual([]);
  });
});
