/**
 * The `iren` model data format: consignments and their inspection results as stored in iren's database.
 * The engine has no database, so `read` refuses files: the records come from
 * server/services/risk/model-data.ts (`iren model train --format iren` and the `model.retrain` job read
 * them from the configured store). Features: iren-features.ts.
 *
 *   const records = await loadTrainingRecords(db, { country: 'GE' });
 *   const model = trainModel(irenFormat, records, { seed: 1 });
 */
import { FormatUnavailableError } from '../errors.ts';
import type { ModelDataFormat } from './format.ts';
import { fitIrenFeatures, parseIrenEncodings, transformIrenFeatures, type IrenEncodings } from './iren-features.ts';
import { IREN_LABEL, selectIrenRecords, type IrenRecords } from './iren-records.ts';

export const IREN_READS_DATABASE = 'format iren reads consignments and inspection results from the database, not files: leave out --data';

export const irenFormat: ModelDataFormat<IrenRecords, IrenEncodings> = {
  id: 'iren',
  labelName: IREN_LABEL,
  read: () => Promise.reject(new FormatUnavailableError(IREN_READS_DATABASE)),
  select: selectIrenRecords,
  fit: fitIrenFeatures,
  transform: transformIrenFeatures,
  parseEncodings: parseIrenEncodings,
};
