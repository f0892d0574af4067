import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consignments } from '../../db/schema.ts';
import { assessConsignments } from './scoring.service.ts';

/** Scores the consignments an import stored ("scored on arrival"). */
export async function assessImport(db: Db, importId: string): Promise<number> {
  const ids = await db.select({ id: consignments.id }).from(consignments).where(and(eq(consignments.importId, importId), eq(consignments.isCurrent, true)));
  return assessConsignments(db, ids.map((r) => r.id));
}
