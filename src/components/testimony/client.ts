// The browser-safe face of src/components/testimony: bundles in src/client import only this (index.ts pulls server code).
export {
  decryptFile,
  digest,
  encryptFile,
  formatReceipt,
  fromB64,
  isPublicKey,
  newReceipt,
  normaliseReceipt,
  openSealed,
  ready,
  receiptKeys,
  receiptSeed,
  seal,
  toB64,
  unwrapSecret,
  wrapSecret,
} from './crypto.ts';
export type { ReceiptKeys, Sodium, WrappedSecret } from './crypto.ts';
export { sniffType, stripMetadata } from '../../core/file-metadata.ts';
export { findSensitive, redactAll } from './redaction.ts';
export type { FindingKind } from './redaction.ts';
export { LIMITS } from './testimony.ts';
export type { AttachmentRef } from './testimony.ts';
