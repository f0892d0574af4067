/**
 * The `kcs` model data format: Korea Customs Service import declaration CSVs, label `Fraud`,
 * extra outcome `critical` (Critical Fraud = 2).
 *
 *   iren model train --format kcs --data train.csv --data valid.csv --out model.json
 */
import type { ModelDataFormat } from './format.ts';
import { fitKcsFeatures, parseKcsEncodings, transformKcsFeatures, type KcsEncodings } from './kcs-features.ts';
import { KCS_LABEL, readKcsRecords, selectKcsRecords, type KcsRecords } from './kcs-records.ts';

export const kcsFormat: ModelDataFormat<KcsRecords, KcsEncodings> = {
  id: 'kcs',
  labelName: KCS_LABEL,
  read: (sources, options) => readKcsRecords(sources, options),
  select: selectKcsRecords,
  fit: fitKcsFeatures,
  transform: transformKcsFeatures,
  parseEncodings: parseKcsEncodings,
};
