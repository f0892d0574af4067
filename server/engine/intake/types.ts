import type { Problem } from '../validation/problems.ts';
import type { Consignment } from './model.ts';

/** Where a result starts in the file. */
export interface Position {
  /** 1-based line of the record start (JSON document, first CSV row, EDIFACT CNI segment). */
  line?: number;
  /** EDIFACT: 1-based segment number within the interchange. */
  segment?: number;
  /** Byte offset of the record start. */
  byteOffset: number;
}

/**
 * One parser output. `consignment` is absent when the record could not be read (its problems say why) and
 * for file-level problems (bad header, wrong UNT count, missing UNZ…).
 */
export interface ParseResult {
  consignment?: Consignment;
  problems: Problem[];
  position: Position;
}

export interface ParseOptions {
  /** File name, copied into problems and `consignment.source.file`. */
  file?: string;
  /** Largest accepted record (JSON document, EDIFACT segment, CSV group), in bytes. Default 16 MiB (1 MiB per EDIFACT segment). */
  maxRecordBytes?: number;
  /** Largest number of goods items or containers in one consignment. Default 10,000. */
  maxItems?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_ITEMS = 10_000;
