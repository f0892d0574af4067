/** Cargo intake engines: canonical model, parsers (JSON, CSV, CUSCAR), format detection, one-call intake. */
export * from './model.ts';
export * from './types.ts';
export type { ByteSource } from './source.ts';
export { ConsignmentInputSchema, consignmentJsonSchema, type ConsignmentInput } from './schema.ts';
export { parseJson, type JsonParseOptions } from './json.ts';
export { parseCsv, parseCsvMapping, CSV_FIELDS, CSV_CONSIGNMENT_FIELDS, CSV_ITEM_FIELDS, type CsvField, type CsvMapping } from './csv.ts';
export { parseCuscar, edifactDate, type CuscarParseOptions } from './cuscar.ts';
export { detectFormat } from './detect.ts';
export { decodeSource, decodeForFormat, decodeHead, parseEncoding, TEXT_ENCODINGS, type TextEncoding, type DetectedEncoding } from './encoding.ts';
export { intake, type IntakeOptions, type IntakeResult } from './intake.ts';
export { normalizeConsignment, normalizeIsoDate } from './normalize.ts';
