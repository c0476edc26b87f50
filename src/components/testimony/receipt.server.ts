// Server side of the receipt: the slow hash of the lookup value (what is stored), and — only in the
// no-JavaScript fallback — deriving the same lookup value and keypair the browser would, in memory.
import { hashRaw } from '@node-rs/argon2';
import { deriveKey } from '../../core/privacy/index.ts';
import { isB64, RECEIPT_KDF, receiptKeys, receiptSalt, ready, type ReceiptKeys } from './crypto.ts';

/** Argon2id for the stored lookup hash: 19 MiB, 2 passes (OWASP's minimum profile), ~40 ms here. */
export const LOOKUP_KDF = { memoryCost: 19 * 1024, timeCost: 2 } as const;

export interface ReceiptHasher {
  hashLookup(lookup: string): Promise<string>;
  keysFromReceipt(receipt: string): Promise<ReceiptKeys>;
}

export const isLookup = (v: unknown): v is string => isB64(v, 43, 43);

export function createReceiptHasher(secret: string): ReceiptHasher {
  const pepper = deriveKey(secret, 'testimony-lookup').subarray(0, 16);
  return {
    async hashLookup(lookup) {
      const raw = await hashRaw(lookup, {
        salt: pepper,
        ...LOOKUP_KDF,
        parallelism: 1,
        outputLen: 32,
        algorithm: 2 as never,
      });
      return raw.toString('base64url');
    },
    async keysFromReceipt(receipt) {
      const s = await ready();
      const seed = await hashRaw(receipt, {
        salt: Buffer.from(receiptSalt(s)),
        memoryCost: RECEIPT_KDF.memKiB,
        timeCost: RECEIPT_KDF.ops,
        parallelism: 1,
        outputLen: 32,
        algorithm: 2 as never,
      });
      return receiptKeys(new Uint8Array(seed), s);
    },
  };
}
