// The HTTP layer's side of the error catalogue (core/errors.ts): the status code of each kind.
import type { AppError, ErrorKind } from '../core/errors.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
  busy: 503,
};

export const httpStatus = (err: AppError): number => STATUS[err.kind];
