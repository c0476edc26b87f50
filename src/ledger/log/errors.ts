// The log core throws one error type with a stable machine reason (e.g. 'note.bad_signature_line'),
// so the module around it can map reasons to the errors catalogue or to HTTP statuses without
// parsing messages. The message is an English sentence for logs and the command line.

export class LedgerFormatError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerFormatError';
  }
}

export const bad = (reason: string, message: string): LedgerFormatError => new LedgerFormatError(reason, message);
