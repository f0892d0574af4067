/**
 * The registry of model data formats, by the name used on the command line and in model files.
 *
 *   const format = getModelDataFormat('kcs');
 */
import { ModelInputError } from '../errors.ts';
import type { ModelDataFormat } from './format.ts';
import { irenFormat } from './iren.ts';
import { kcsFormat } from './kcs.ts';

export const MODEL_DATA_FORMATS: readonly ModelDataFormat[] = [kcsFormat, irenFormat];

export function getModelDataFormat(id: string): ModelDataFormat {
  const format = MODEL_DATA_FORMATS.find((f) => f.id === id);
  if (!format) {
    throw new ModelInputError(`unknown format '${id}' (known: ${MODEL_DATA_FORMATS.map((f) => f.id).join(', ')})`);
  }
  return format;
}
