/**
 * Request validation: bodies are checked strictly (no type coercion, unknown fields rejected), query strings
 * and path parameters are coerced from strings. Errors are turned into VALIDATION_FAILED naming the field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under native ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;

/** "body.unit.code" style path and a readable message for the first validation error. */
export function describeValidationError(errors: ErrorObject[] | Partial<ErrorObject>[], part: string): { field: string; message: string } {
  const e = errors[0] ?? {};
  const base = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const params = (e.params ?? {}) as Record<string, unknown>;
  let field = base;
  let message = e.message ?? 'is not valid';
  switch (e.keyword) {
    case 'additionalProperties':
      field = [base, String(params.additionalProperty)].filter(Boolean).join('.');
      message = 'is not a known field';
      break;
    case 'format':
      message = params.format === 'date' ? 'must be a real date (YYYY-MM-DD)' : params.format === 'date-time' ? 'must be a date and time (ISO 8601)' : `must be a valid ${String(params.format)}`;
      break;
    case 'required':
      field = [base, String(params.missingProperty)].filter(Boolean).join('.');
      message = 'is required';
      break;
    default:
      break;
  }
  return { field: field ? `${part}.${field}` : part, message };
}
