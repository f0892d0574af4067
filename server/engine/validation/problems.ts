/**
 * Problems found while parsing or validating consignments, and their catalogue.
 *
 * - `error` rejects the consignment (it is not stored / not risk-assessed); a result with an error and no
 *   consignment is a file- or message-level problem (to record on the import batch).
 * - `warning` keeps the consignment and flags it.
 *
 * The catalogue is the single source of truth for codes and default levels; docs/intake.md lists it.
 * Levels can be overridden per deployment with `ValidationOptions.levels`.
 */

export type ProblemLevel = 'error' | 'warning';

export interface ProblemInfo {
  level: ProblemLevel;
  /** Where it is raised: a parser or the semantic validator. */
  stage: 'json' | 'csv' | 'edifact' | 'cuscar' | 'validation' | 'intake';
  description: string;
}

export const PROBLEM_CATALOGUE = {
  // --- generic intake ---------------------------------------------------------------------------
  UNKNOWN_FORMAT: { level: 'error', stage: 'intake', description: 'The file is neither JSON, CSV nor UN/EDIFACT.' },
  READ_ERROR: { level: 'error', stage: 'intake', description: 'The input stream failed while reading.' },
  ENCODING_UNSURE: { level: 'warning', stage: 'intake', description: 'The file is not valid UTF-8 and does not read as Windows-1251 Cyrillic; it was decoded as UTF-8 with invalid bytes replaced. Give the encoding (--encoding, API field encoding).' },
  INTERNAL_ERROR: { level: 'error', stage: 'intake', description: 'Unexpected failure while mapping a record; the record is skipped, parsing goes on.' },
  REQUIRED_FIELD: { level: 'error', stage: 'intake', description: 'A field needed to identify the consignment is missing (document number, document type, mode).' },
  INVALID_VALUE: { level: 'error', stage: 'intake', description: 'A value has the wrong type or cannot be read (number, enumeration).' },
  INVALID_DATE: { level: 'warning', stage: 'intake', description: 'A date cannot be read as ISO 8601 (or with the mapping dateFormat); the date is dropped.' },
  RECORD_TOO_LARGE: { level: 'error', stage: 'intake', description: 'One record (JSON document, CSV group, EDIFACT segment) exceeds the size limit; it is skipped.' },
  TOO_MANY_ITEMS: { level: 'error', stage: 'intake', description: 'One consignment has more goods items or containers than the limit; it is rejected.' },
  // --- JSON -------------------------------------------------------------------------------------
  JSON_SYNTAX: { level: 'error', stage: 'json', description: 'The JSON text of a document is malformed; the document is skipped.' },
  JSON_NOT_OBJECT: { level: 'error', stage: 'json', description: 'A top-level value or array element is not an object.' },
  JSON_UNKNOWN_FIELD: { level: 'warning', stage: 'json', description: 'A field is not part of the consignment schema; it is ignored.' },
  JSON_WRONG_TYPE: { level: 'error', stage: 'json', description: 'A field has the wrong JSON type or a value outside its enumeration.' },
  // --- CSV --------------------------------------------------------------------------------------
  CSV_SYNTAX: { level: 'error', stage: 'csv', description: 'The CSV text is malformed (quotes, delimiter); the row or the rest of the file is skipped.' },
  CSV_MISSING_COLUMN: { level: 'error', stage: 'csv', description: 'A required column is missing from the header; the file is not read.' },
  CSV_UNKNOWN_COLUMN: { level: 'warning', stage: 'csv', description: 'A header column is not mapped to any field; it is ignored.' },
  CSV_COLUMN_COUNT: { level: 'warning', stage: 'csv', description: 'A row has a different number of cells than the header.' },
  CSV_INCONSISTENT_GROUP: { level: 'warning', stage: 'csv', description: 'A consignment-level cell differs between rows of the same consignment; the first value is kept.' },
  CSV_NOT_GROUPED: { level: 'warning', stage: 'csv', description: 'A document number re-appears after other documents: the file is not grouped, so the rows form two consignments.' },
  MAPPING_INVALID: { level: 'error', stage: 'csv', description: 'The CSV mapping file is invalid.' },
  // --- EDIFACT syntax ---------------------------------------------------------------------------
  EDI_SYNTAX: { level: 'error', stage: 'edifact', description: 'A segment is malformed (bad tag, missing mandatory element); it is skipped.' },
  EDI_UNTERMINATED: { level: 'error', stage: 'edifact', description: 'The file ends inside a segment or after a release character.' },
  EDI_RELEASE: { level: 'warning', stage: 'edifact', description: 'A release character precedes a character that is not a separator; the character is kept.' },
  EDI_CHARSET: { level: 'warning', stage: 'edifact', description: 'Bytes do not fit the syntax identifier of UNB (e.g. UTF-8 in a UNOC interchange); decoded as UTF-8.' },
  EDI_QUALIFIER: { level: 'warning', stage: 'cuscar', description: 'A qualifier or code is not one of its UN/EDIFACT code list (LOC 3227, DTM 2005, MOA 5025, MEA 6313, TDT 8067…) or is malformed; the segment is not used.' },
  EDI_UNKNOWN_SEGMENT: { level: 'warning', stage: 'edifact', description: 'A segment tag unknown to the CUSCAR mapping; it is skipped (reported once per tag and interchange).' },
  EDI_UNEXPECTED_SEGMENT: { level: 'warning', stage: 'edifact', description: 'A segment appears where it is not allowed (e.g. GID before CNI, data outside UNH…UNT); it is skipped.' },
  EDI_SEGMENT_COUNT: { level: 'warning', stage: 'edifact', description: 'UNT 0074 (number of segments in the message) does not match the segments counted.' },
  EDI_MESSAGE_COUNT: { level: 'warning', stage: 'edifact', description: 'UNZ 0036 (or UNE 0060) does not match the messages (groups) counted.' },
  EDI_CONTROL_REFERENCE: { level: 'warning', stage: 'edifact', description: 'UNT/UNZ control reference does not repeat the one of UNH/UNB.' },
  EDI_MISSING_TRAILER: { level: 'error', stage: 'edifact', description: 'A message or interchange is not closed (UNT or UNZ missing); its contents may be truncated.' },
  EDI_UNSUPPORTED_MESSAGE: { level: 'warning', stage: 'edifact', description: 'UNH names a message type other than CUSCAR, or a directory outside D.95B…D.11A.' },
  // --- semantic validation ----------------------------------------------------------------------
  CONTAINER_FORMAT: { level: 'warning', stage: 'validation', description: 'Container number is not 3 letters + U/J/Z + 6 digits + check digit.' },
  CONTAINER_CHECK_DIGIT: { level: 'warning', stage: 'validation', description: 'ISO 6346 check digit of the container number is wrong.' },
  CONTAINER_SIZE_TYPE: { level: 'warning', stage: 'validation', description: 'ISO 6346 size/type code is not 4 characters of the right form (e.g. 22G1, 45G1).' },
  CONTAINER_NOT_DECLARED: { level: 'warning', stage: 'validation', description: 'A goods item refers to a container that is not in the equipment list.' },
  DUPLICATE_CONTAINER: { level: 'warning', stage: 'validation', description: 'The same container appears twice in the equipment list.' },
  IMO_FORMAT: { level: 'warning', stage: 'validation', description: 'IMO ship number is not 7 digits.' },
  IMO_CHECK_DIGIT: { level: 'warning', stage: 'validation', description: 'IMO ship number check digit is wrong.' },
  AWB_FORMAT: { level: 'warning', stage: 'validation', description: 'Air waybill number is not 3-digit prefix + 8-digit serial.' },
  AWB_CHECK_DIGIT: { level: 'warning', stage: 'validation', description: 'Air waybill serial check digit (first 7 digits mod 7) is wrong.' },
  LOCODE_FORMAT: { level: 'warning', stage: 'validation', description: 'Place is neither a 5-character UN/LOCODE nor (air) a 3-letter IATA code.' },
  UNKNOWN_LOCODE: { level: 'warning', stage: 'validation', description: 'UN/LOCODE not in the code list.' },
  UNKNOWN_IATA: { level: 'warning', stage: 'validation', description: 'IATA airport code not in the code list.' },
  UNKNOWN_COUNTRY: { level: 'warning', stage: 'validation', description: 'Country is not an ISO 3166-1 alpha-2 code.' },
  UNKNOWN_CURRENCY: { level: 'warning', stage: 'validation', description: 'Currency is not an ISO 4217 code.' },
  HS_FORMAT: { level: 'warning', stage: 'validation', description: 'HS code is not 6 to 10 digits.' },
  UNKNOWN_HS: { level: 'warning', stage: 'validation', description: 'HS code: neither the subheading (6 digits) nor its heading exists in HS 2022.' },
  UNKNOWN_HS_SUBHEADING: { level: 'warning', stage: 'validation', description: 'HS code: the heading exists but the 6-digit subheading does not (HS 2022).' },
  UN_NUMBER_FORMAT: { level: 'warning', stage: 'validation', description: 'UN number is not 4 digits (0004–3599).' },
  PACKAGE_TYPE_FORMAT: { level: 'warning', stage: 'validation', description: 'Package type is not a 2-character UN/ECE Rec. 21 code.' },
  NEGATIVE_QUANTITY: { level: 'warning', stage: 'validation', description: 'A count, mass or value is negative; it is kept as sent.' },
  DUPLICATE_GOODS_ITEM: { level: 'warning', stage: 'validation', description: 'Two goods items have the same sequence number.' },
  NO_GOODS_ITEMS: { level: 'warning', stage: 'validation', description: 'The consignment has no goods item.' },
  MODE_MISMATCH: { level: 'warning', stage: 'validation', description: 'Document type, mode and transport identifiers disagree (AWB by sea, IMO number on a flight…).' },
  DATE_ORDER: { level: 'warning', stage: 'validation', description: 'Estimated arrival is before departure.' },
  MASTER_EQUALS_HOUSE: { level: 'warning', stage: 'validation', description: 'A house document names itself as its master document.' },
} as const satisfies Record<string, ProblemInfo>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;

export interface Problem {
  level: ProblemLevel;
  code: ProblemCode;
  message: string;
  /** Path into the consignment, e.g. `goodsItems[2].hsCode`, `parties[1].country`; absent for syntax problems. */
  field?: string;
  /** 1-based line in the file (JSON, CSV, and EDIFACT files with one segment per line). */
  line?: number;
  /** CSV: header name of the column. */
  column?: string;
  /** EDIFACT: 1-based segment number within the interchange (UNA not counted). */
  segment?: number;
  /** EDIFACT: segment tag and element position, e.g. `MEA`, `MEA+3:2` (element 3, component 2). */
  segmentTag?: string;
  element?: string;
  file?: string;
}

export type ProblemInit = Omit<Problem, 'level' | 'message'> & { message: string; level?: ProblemLevel };

/** Build a problem with the catalogue's default level. */
export function problem(init: ProblemInit): Problem {
  const { level, ...rest } = init;
  return { level: level ?? PROBLEM_CATALOGUE[init.code].level, ...rest };
}

export function hasError(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.level === 'error');
}
