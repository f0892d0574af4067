/**
 * Errors caused by the user's input (a missing file, a bad column, a broken model file). The CLI prints
 * their message alone and exits with code 2; anything else is a bug and keeps its stack trace.
 *
 *   throw new ModelInputError(`${file}: line 12: column 'Net Mass': 'abc' is not a number`);
 */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
}

/** A data format that exists in name but cannot be used in this build or setting (e.g. `iren` without a database). */
export class FormatUnavailableError extends ModelInputError {}
