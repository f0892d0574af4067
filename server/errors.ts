/**
 * Coded errors. Every error the API returns has the shape `{ error: { code, message, details } }`;
 * the catalogue below is mirrored in docs/errors.md (a unit test keeps the two in step).
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, message: 'Too many failed logins; the account is locked for a while' },
  ACCOUNT_DISABLED: { status: 403, message: 'This account is disabled' },
  TOTP_REQUIRED: { status: 401, message: 'Enter the code from your authenticator app' },
  TOTP_SETUP_REQUIRED: { status: 403, message: 'Set up two-factor authentication first' },
  INVALID_TOTP: { status: 401, message: 'The code is wrong or expired' },
  TOTP_ALREADY_ENABLED: { status: 409, message: 'Two-factor authentication is already on' },
  TOTP_NOT_ALLOWED_OFF: { status: 403, message: 'Two-factor authentication is required for your role' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'Change your password first' },
  WEAK_PASSWORD: { status: 400, message: 'The password is too weak' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such API route' },
  CONFLICT: { status: 409, message: 'This conflicts with an existing record' },
  USERNAME_TAKEN: { status: 409, message: 'This username is taken' },
  UNIT_CODE_TAKEN: { status: 409, message: 'This unit code is taken' },
  UNKNOWN_REFERENCE: { status: 400, message: 'A referenced record does not exist' },
  RULE_INVALID: { status: 400, message: 'The risk rule does not compile' },
  TLP_FORWARD_REFUSED: { status: 403, message: 'The TLP marking does not allow this forward' },
  ATTACHMENT_TYPE_NOT_ALLOWED: { status: 415, message: 'Attachments must be JPEG, PNG, WebP images or PDF documents' },
  ATTACHMENT_TOO_LARGE: { status: 413, message: 'The attachment is too large' },
  WEBHOOK_URL_NOT_ALLOWED: { status: 400, message: 'A webhook may only call a public address' },
  MODEL_TRAINING_DATA: { status: 400, message: 'Not enough inspection results to train a model' },
  MODEL_TOO_FEW_POSITIVES: { status: 409, message: 'The model was trained on too few positive inspections to be activated' },
  MODEL_NO_PREVIOUS_VERSION: { status: 409, message: 'There is no earlier model version to roll back to' },
  REPORT_DAY_CLOSED: { status: 409, message: 'A daily report can be filed or changed only on its day' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later' },
  INTERNAL: { status: 500, message: 'Internal error; the request id is in the logs' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.status = ERROR_CATALOGUE[code].status;
    this.name = 'AppError';
  }
}

/** A record the actor may not see: answered exactly like a record that does not exist. */
export function notFound(entity: string): AppError {
  return new AppError('NOT_FOUND', `${entity} not found`, { entity });
}

export function forbidden(action: string): AppError {
  return new AppError('FORBIDDEN', undefined, { action });
}
