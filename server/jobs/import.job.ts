/** Runs an uploaded import: the file waits in import_files, the report lands on the imports row. */
import { eq } from 'drizzle-orm';
import { importFiles, imports, units } from '../db/schema.ts';
import { importConsignments } from '../services/intake/import.service.ts';
import type { IntakeFormat } from '../engine/intake/model.ts';
import { parseEncoding, type TextEncoding } from '../engine/intake/encoding.ts';
import { defineJob, PermanentJobError } from './queue.ts';
import { assessImport } from '../services/risk/assess-import.ts';

export const importJob = defineJob<{ importId: string; actorUserId: string | null; actorUsername: string | null; encoding?: TextEncoding }>({
  name: 'import.run',
  maxAttempts: 1,
  parse(payload) {
    const p = payload as { importId?: unknown; actorUserId?: unknown; actorUsername?: unknown; encoding?: unknown };
    if (typeof p.importId !== 'string') throw new Error('importId missing');
    const encoding = typeof p.encoding === 'string' ? parseEncoding(p.encoding) : undefined;
    return {
      importId: p.importId,
      actorUserId: typeof p.actorUserId === 'string' ? p.actorUserId : null,
      actorUsername: typeof p.actorUsername === 'string' ? p.actorUsername : null,
      ...(encoding ? { encoding } : {}),
    };
  },
  async handler(payload, ctx) {
    const [imp] = await ctx.db.select().from(imports).where(eq(imports.id, payload.importId));
    const [file] = await ctx.db.select().from(importFiles).where(eq(importFiles.importId, payload.importId));
    if (!imp || !file) throw new PermanentJobError(`import ${payload.importId} or its file is missing`);
    const [unit] = await ctx.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.id, imp.unitId));
    const content = Buffer.from(file.content, 'base64');
    try {
      const summary = await importConsignments(ctx.db, {
        unit: unit!,
        format: imp.format as IntakeFormat,
        source: [content],
        fileName: imp.fileName,
        bytesTotal: content.length,
        importId: imp.id,
        ...(payload.encoding ? { encoding: payload.encoding } : {}),
        ctx: { actorUserId: payload.actorUserId, actorUsername: payload.actorUsername },
        onProgress: (p) => void ctx.progress({ ...p }),
      });
      await ctx.db.delete(importFiles).where(eq(importFiles.importId, imp.id));
      const assessed = await assessImport(ctx.db, imp.id);
      return { ...summary.consignments, assessed };
    } catch (err) {
      await ctx.db.update(imports).set({ state: 'failed', error: (err as Error).message, finishedAt: new Date() }).where(eq(imports.id, imp.id));
      throw new PermanentJobError((err as Error).message);
    }
  },
});
