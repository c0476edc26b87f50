// Coded errors: every error a user can see has a stable code, an HTTP status and a message key.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageKey: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const badRequest = (code = 'BAD_REQUEST', key = 'error.400.text') => new AppError(code, 400, key);
export const forbidden = (code = 'FORBIDDEN', key = 'error.403.text') => new AppError(code, 403, key);
export const notFound = (code = 'NOT_FOUND', key = 'error.404.text') => new AppError(code, 404, key);
export const conflict = (code = 'CONFLICT', key = 'error.409.text') => new AppError(code, 409, key);
/** How long to wait is required: it goes into Retry-After, and every "too many" message shows it. */
export const tooMany = (code: string, key: string, seconds: number) => new AppError(code, 429, key, { seconds });

/** Field-level validation problems, re-shown next to the form fields. Keys are message keys. */
export class ValidationError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super('VALIDATION_FAILED', 400, 'form.errors.summary');
    this.name = 'ValidationError';
  }
}
