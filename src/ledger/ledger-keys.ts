// The log's signing keys: made on first use (named after the origin), sealed at rest with
// DAUYS_SECRET like the other secrets, rotated on request. A retired key stays listed, so
// checkpoints it signed still verify; only the current key signs new ones.
import type { SecretBox } from '../core/privacy/index.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation, nowIso } from '../db/portable.ts';
import { generateKey, noteSigner, parseVerifierKey, type Signer } from './log/index.ts';
import { currentKey, insertKey, listKeys, retireCurrentKey, type KeyRow } from './ledger-log.repository.ts';

export interface LedgerKeys {
  /** The current signer, made (and stored) when there is none yet. */
  signer(): Promise<{ signer: Signer; keyId: string; vkey: string }>;
  /** Verifier keys, current first, then retired ones (newest first). */
  verifierKeys(): Promise<string[]>;
  /** Retires the current key and makes a new one; returns the new verifier key. */
  rotate(): Promise<{ retired: string | null; current: string }>;
}

const hexKeyId = (vkey: string) => parseVerifierKey(vkey).keyId.toString(16).padStart(8, '0');

export function createLedgerKeys(deps: { db: Db; box: SecretBox; origin: string }): LedgerKeys {
  const { db, box, origin } = deps;
  // Unsealed signers by key id: opening costs an AES-GCM decryption and a key import.
  const opened = new Map<string, Signer>();

  const rowFor = (at: string): KeyRow => {
    const { signerKey, verifierKey } = generateKey(origin);
    return {
      key_id: hexKeyId(verifierKey),
      name: origin,
      vkey: verifierKey,
      skey_sealed: box.seal(signerKey),
      created_at: at,
      retired_at: null,
    };
  };

  const open = (row: KeyRow) => {
    let signer = opened.get(row.key_id);
    if (!signer) opened.set(row.key_id, (signer = noteSigner(box.open(row.skey_sealed))));
    return { signer, keyId: row.key_id, vkey: row.vkey };
  };

  return {
    async signer() {
      let row = await currentKey(db);
      if (!row) {
        try {
          await insertKey(db, rowFor(nowIso()));
        } catch (err) {
          // Another process made the first key at the same moment: the unique index kept one. Use it.
          if (!isUniqueViolation(err)) throw err;
        }
        row = await currentKey(db);
        if (!row) throw new Error('ledger: no current signing key after creating one');
      }
      if (row.name !== origin)
        throw new Error(
          `ledger: the signing key is named ${row.name} but the origin is ${origin}; run dauys ledger rotate-key`,
        );
      return open(row);
    },
    async verifierKeys() {
      return (await listKeys(db)).map((k) => k.vkey);
    },
    async rotate() {
      return db.transaction().execute(async (trx) => {
        const old = await currentKey(trx);
        await retireCurrentKey(trx, nowIso());
        const row = rowFor(nowIso());
        await insertKey(trx, row);
        return { retired: old?.vkey ?? null, current: row.vkey };
      });
    },
  };
}
