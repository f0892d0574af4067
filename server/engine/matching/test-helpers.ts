import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Read a CSV fixture of this folder as records keyed by header. */
export function readFixture(name: string): Array<Record<string, string>> {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, relax_quotes: true }) as Array<Record<string, string>>;
}
