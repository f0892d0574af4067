/**
 * One-call intake for the import layer: detect the format, parse the stream, validate each consignment
 * against the code lists and score its data quality. Streaming: one result at a time.
 */
import { hasError, problem, type Problem } from '../validation/problems.ts';
import { assessQuality, type QualityReport } from '../validation/quality.ts';
import type { ReferenceLookup } from '../validation/reference.ts';
import { validateConsignment, type ValidationOptions } from '../validation/validate.ts';
import { parseCsv, type CsvMapping } from './csv.ts';
import { parseCuscar } from './cuscar.ts';
import { detectFormat } from './detect.ts';
import { decodeForFormat, type TextEncoding } from './encoding.ts';
import { parseJson } from './json.ts';
import type { IntakeFormat } from './model.ts';
import { byteChunks, type ByteSource } from './source.ts';
import type { ParseOptions, ParseResult } from './types.ts';

export interface IntakeOptions {
  /** Original file name: used for format detection and copied into problems. */
  filename?: string;
  /** Skip detection. */
  format?: IntakeFormat;
  /** CSV layout (see parseCsvMapping). */
  mapping?: CsvMapping;
  reference: ReferenceLookup;
  /** Per-deployment problem levels (applied to parser problems too). */
  levels?: ValidationOptions['levels'];
  /** Character encoding (default auto: BOM, UTF-8, or Windows-1251 Cyrillic; CUSCAR by its UNB). */
  encoding?: TextEncoding;
  /** JSON: force NDJSON. */
  ndjson?: boolean;
  limits?: Pick<ParseOptions, 'maxRecordBytes' | 'maxItems'>;
}

export interface IntakeResult extends ParseResult {
  /** Detected or given format. */
  format: IntakeFormat;
  /** True when there is a consignment and no problem of level error: store and risk-assess it. */
  accepted: boolean;
  /** Data-quality score when there is a consignment. */
  quality?: QualityReport;
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Parse, validate and score a stream of consignments. Never throws. */
export async function* intake(source: ByteSource, options: IntakeOptions): AsyncGenerator<IntakeResult> {
  const file = options.filename;
  const fileProp = file !== undefined ? { file } : {};
  const it = byteChunks(source)[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await it.next();
  } catch (err) {
    yield {
      format: options.format ?? 'json',
      accepted: false,
      problems: [problem({ code: 'READ_ERROR', message: `reading the input failed: ${err instanceof Error ? err.message : String(err)}`, ...fileProp })],
      position: { byteOffset: 0 },
    };
    return;
  }
  if (first.done) return;
  const format = options.format ?? detectFormat(first.value, file);
  if (!format) {
    yield {
      format: 'json',
      accepted: false,
      problems: [problem({ code: 'UNKNOWN_FORMAT', message: `cannot tell the format of ${file ?? 'the input'} (expected JSON, CSV or UN/EDIFACT)`, ...fileProp })],
      position: { byteOffset: 0 },
    };
    return;
  }
  const raw = prepend(first.value, it);
  const stream = decodeForFormat(raw, format, options.encoding)?.stream ?? raw;
  const parseOptions: ParseOptions = { ...fileProp, ...(options.limits ?? {}) };
  const results =
    format === 'json'
      ? parseJson(stream, { ...parseOptions, ...(options.ndjson !== undefined ? { ndjson: options.ndjson } : {}) })
      : format === 'csv'
        ? parseCsv(stream, options.mapping ?? {}, parseOptions)
        : parseCuscar(stream, parseOptions);
  const levels = options.levels;
  const relevel = (ps: Problem[]) => {
    if (levels) for (const p of ps) p.level = levels[p.code] ?? p.level;
  };
  for await (const r of results) {
    relevel(r.problems);
    if (!r.consignment) {
      yield { ...r, format, accepted: false };
      continue;
    }
    const semantic = validateConsignment(r.consignment, options.reference, {
      ...(levels ? { levels } : {}),
      ...fileProp,
      ...(r.position.line !== undefined ? { line: r.position.line } : {}),
      ...(r.position.segment !== undefined ? { segment: r.position.segment } : {}),
    });
    const problems = [...r.problems, ...semantic];
    yield {
      consignment: r.consignment,
      problems,
      position: r.position,
      format,
      accepted: !hasError(problems),
      quality: assessQuality(r.consignment, problems),
    };
  }
}
