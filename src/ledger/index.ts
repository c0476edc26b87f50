// The public face of src/ledger: other modules and the command line import only from here.
export type { LedgerKeys } from './ledger-keys.ts';
export { LedgerLogError, MAX_ENTRY_BYTES, type LedgerLog } from './ledger-log.ts';
export {
  LedgerVerifyError,
  directoryStore,
  memoryStore,
  mirrorLog,
  noteVerifier,
  openCheckpoint,
  parseVerifierKey,
  storeFetch,
  type FetchLike,
  type FileStore,
  type MirrorResult,
} from './log/index.ts';
export { defaultStatePath, verifyLog, type VerifyOptions, type VerifyOutcome } from './ledger-verify.ts';
// Books (src/ledger/books.*): money in and out, bank events, corrections and campaign figures.
export type { LedgerBooksService, PendingEntry, Recorded, ImportResult } from './books.service.ts';
export type { RecordInput } from './books.validation.ts';
export {
  CURRENCIES,
  CHANNELS,
  SPEND_CATEGORIES,
  PAYEE_KINDS,
  BANK_EVENTS,
  MONEY_KINDS,
  parseMajorAmount,
  formatMinor,
  openReceipt,
  type LedgerRecord,
} from './books.records.ts';
export { parseBankStatement } from './bank-csv.ts';
