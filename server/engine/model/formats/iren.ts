/**
 * The `iren` model data format: consignments and their inspection results as stored in iren's database.
 * Not available yet — it needs the database layer. Until then every use fails with a clear message
 * (the CLI exits with code 2).
 */
import { FormatUnavailableError } from '../errors.ts';
import type { ModelDataFormat } from './format.ts';

export const IREN_UNAVAILABLE = 'format iren needs a database; not available yet';

const unavailable = (): never => {
  throw new FormatUnavailableError(IREN_UNAVAILABLE);
};

export const irenFormat: ModelDataFormat = {
  id: 'iren',
  labelName: 'inspection result',
  read: () => Promise.reject(new FormatUnavailableError(IREN_UNAVAILABLE)),
  select: unavailable,
  fit: unavailable,
  transform: unavailable,
  parseEncodings: unavailable,
};
