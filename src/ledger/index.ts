// The public face of src/ledger: other modules, the command line and tests import only from here.
// Books (src/ledger/books.*): money in and out, bank events, corrections and campaign figures.
export type { LedgerLog } from './books.needs.ts';
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
