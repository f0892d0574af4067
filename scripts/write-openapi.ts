/**
 * Writes docs/openapi.json from the app's route schemas. `npm run check:generated` fails when the committed
 * document is stale.
 */
import fs from 'node:fs';
import { buildApp } from '../server/app.ts';
import { openStore } from '../server/db/client.ts';

export async function openApiDocument(): Promise<string> {
  // No database is touched: routes are registered, never called.
  const store = await openStore({ inMemory: true });
  const app = await buildApp({ store, config: { requireTotp: true, sessionTtlHours: 12, secureCookies: false, logLevel: 'silent' }, logger: false, webDist: null });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  await store.close();
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const out = process.argv[2] ?? 'docs/openapi.json';
  fs.writeFileSync(out, await openApiDocument());
  process.stdout.write(`wrote ${out}\n`);
}
