import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { and, desc, eq } from 'drizzle-orm';
import { importFiles, imports, units } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { canImportFor } from '../../policies/consignment.policy.ts';
import { record } from '../../audit/audit.service.ts';
import { enqueue } from '../../jobs/queue.ts';
import { importJob } from '../../jobs/import.job.ts';
import { detectFormat } from '../../engine/intake/detect.ts';
import { decodeHead, parseEncoding, TEXT_ENCODINGS, type TextEncoding } from '../../engine/intake/encoding.ts';
import { INTAKE_FORMATS, type IntakeFormat } from '../../engine/intake/model.ts';
import type { Actor } from '../../auth/actor.ts';
import { errorResponses, IdParams } from '../schemas.ts';

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const ImportJson = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  state: Type.String(),
  accepted: Type.Integer(),
  amended: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  containers: Type.Integer(),
  goodsItems: Type.Integer(),
  bytesRead: Type.Number(),
  bytesTotal: Type.Union([Type.Number(), Type.Null()]),
  problemCount: Type.Integer(),
  problems: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

function present(row: typeof imports.$inferSelect) {
  return { ...row, problems: row.problems as Record<string, unknown>[], createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null };
}

/** Imports are visible to the staff of their country (the same people who see the consignments). */
function visibleImports(actor: Actor) {
  return actor.country && actor.role !== 'observer' && actor.role !== 'network_admin' ? eq(imports.country, actor.country) : eq(imports.id, '00000000-0000-0000-0000-000000000000');
}

export async function importRoutes(app: FastifyInstance) {
  app.post(
    '/',
    {
      schema: {
        tags: ['cargo'],
        summary: 'Upload a cargo file (multipart: field "unitId", optional "format" and "encoding", then "file"); runs as a job',
        consumes: ['multipart/form-data'],
        response: { 202: Type.Object({ data: ImportJson }), ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const actor = request.actor();
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      let file: { name: string; content: Buffer } | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; use the iren import command for large files`);
          file = { name: part.filename || 'upload', content };
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'file is required', { field: 'file' });
      if (file.content.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty', { field: 'file' });
      const unitId = fields.unitId ?? actor.unitId;
      if (!unitId || !/^[0-9a-f-]{36}$/i.test(unitId)) throw new AppError('VALIDATION_FAILED', 'unitId is required', { field: 'unitId' });
      const [unit] = await app.store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.id, unitId));
      if (!unit) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit', { field: 'unitId' });
      if (!canImportFor(actor, unit)) throw forbidden('import.create');
      let encoding: TextEncoding = 'auto';
      if (fields.encoding) {
        const parsed = parseEncoding(fields.encoding);
        if (!parsed) throw new AppError('VALIDATION_FAILED', `encoding must be one of ${TEXT_ENCODINGS.join(', ')}`, { field: 'encoding' });
        encoding = parsed;
      }
      let format: IntakeFormat | null = null;
      if (fields.format) {
        if (!(INTAKE_FORMATS as readonly string[]).includes(fields.format)) throw new AppError('VALIDATION_FAILED', `format must be one of ${INTAKE_FORMATS.join(', ')}`, { field: 'format' });
        format = fields.format as IntakeFormat;
      } else {
        format = detectFormat(decodeHead(file.content.subarray(0, 512), encoding), file.name) ?? null;
        if (!format) throw new AppError('VALIDATION_FAILED', 'Cannot tell the file format; choose one', { field: 'format' });
      }
      const sha = crypto.createHash('sha256').update(file.content).digest('hex');
      const row = await app.store.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(imports)
          .values({ unitId: unit.id, country: unit.country, fileName: file.name.slice(0, 200), fileSha256: sha, format, state: 'queued', bytesTotal: file.content.length, createdBy: actor.userId })
          .returning();
        await tx.insert(importFiles).values({ importId: created!.id, content: file.content.toString('base64') });
        await record(tx, request.auditCtx(), { type: 'import.created', data: { importId: created!.id, fileName: created!.fileName, format, bytes: file.content.length } }, { country: unit.country, entityType: 'import', entityId: created!.id });
        return created!;
      });
      await enqueue(app.store.db, importJob.name, { importId: row.id, actorUserId: actor.userId, actorUsername: actor.username, encoding }, { createdBy: actor.userId });
      return reply.status(202).send({ data: present(row) });
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['cargo'],
        summary: "Recent imports of the caller's country",
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(ImportJson) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { limit: number };
      const rowsOut = await app.store.db.select().from(imports).where(visibleImports(request.actor())).orderBy(desc(imports.createdAt)).limit(q.limit);
      return { data: rowsOut.map(present) };
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['cargo'], summary: 'One import: state, progress and report', params: IdParams, response: { 200: Type.Object({ data: ImportJson }), ...errorResponses } } },
    async (request) => {
      const [row] = await app.store.db.select().from(imports).where(and(eq(imports.id, (request.params as { id: string }).id), visibleImports(request.actor())));
      if (!row) throw notFound('Import');
      return { data: present(row) };
    },
  );
}
