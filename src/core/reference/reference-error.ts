// A reference record (data/reference/) that does not pass validation: which record, and each field's
// problem as a message key, so the command line can say it in words.
export class ReferenceDataError extends Error {
  constructor(
    readonly record: string,
    readonly fields: Record<string, string>,
  ) {
    super(`${record} is invalid: ${JSON.stringify(fields)}`);
    this.name = 'ReferenceDataError';
  }
}
