/** The code lists used to validate cargo data, loaded once per process from the shipped reference files. */
import { loadReferenceLookup, type ReferenceLookup } from '../../engine/validation/index.ts';
import { REFERENCE_DIR } from '../../db/reference.ts';

let cached: Promise<ReferenceLookup> | undefined;

export function referenceLookup(): Promise<ReferenceLookup> {
  cached ??= loadReferenceLookup(REFERENCE_DIR);
  return cached;
}
