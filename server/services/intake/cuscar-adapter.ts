// TEMPORARY until the CUSCAR parser lands in server/engine/edifact.
import type { ByteSource } from '../../engine/intake/source.ts';
import type { ParseResult } from '../../engine/intake/types.ts';

// eslint-disable-next-line require-yield
export async function* parserForCuscar(_source: ByteSource, _opts: { file: string }): AsyncGenerator<ParseResult> {
  throw new Error('CUSCAR import is not available yet');
}
