/** API errors → text in the UI language (errors.CODE when translated, else the server's message). */
import i18n from '../i18n/index.ts';
import { isApiError } from '../api/client.ts';

export function errorMessage(e: unknown): string {
  const t = i18n.t as unknown as (key: string) => string;
  if (isApiError(e)) {
    const key = `errors.${e.code}`;
    if (i18n.exists(key)) return t(key);
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return t('common.error');
}

/** Maps an API error on a field (details.field, e.g. "body.unitId" → "unitId") to a form field error. */
export function applyFieldError(e: unknown, setFieldError: (field: string, message: string) => void, fields: readonly string[]): boolean {
  if (!isApiError(e)) return false;
  const field = e.field;
  if (!field || !fields.includes(field)) return false;
  setFieldError(field, fieldMessage(e.code));
  return true;
}

function fieldMessage(code: string): string {
  const t = i18n.t as unknown as (key: string) => string;
  if (code === 'VALIDATION_FAILED' || code === 'UNKNOWN_REFERENCE') return t('validation.invalid');
  const key = `errors.${code}`;
  return i18n.exists(key) ? t(key) : t('validation.invalid');
}
