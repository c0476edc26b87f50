// Our witness's cosignature/v1 (type 0x04) key: made on first use, sealed at rest with DAUYS_SECRET
// under its own label, rotatable. Partners trust its verifier key to check what we cosigned; a retired
// key stays listed so cosignatures it made still verify.
import type { SecretBox } from '../../core/privacy/index.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation, nowIso } from '../../db/portable.ts';
import { SIG_COSIGNATURE_V1, cosigner, generateKey, parseVerifierKey, type Cosigner } from '../log/index.ts';
import {
  currentWitnessKey,
  insertWitnessKey,
  listWitnessKeys,
  retireWitnessKey,
  type WitnessKeyRow,
} from './witness.repository.ts';

export interface WitnessKeys {
  /** The current cosigner, made (and stored) when there is none yet. */
  cosigner(): Promise<{ cosigner: Cosigner; vkey: string }>;
  /** Verifier keys, current first (made if none), then retired ones. */
  verifierKeys(): Promise<string[]>;
  rotate(): Promise<{ retired: string | null; current: string }>;
}

export function createWitnessKeys(deps: { db: Db; box: SecretBox; name: string }): WitnessKeys {
  const { db, box, name } = deps;
  const opened = new Map<string, Cosigner>();

  const rowFor = (): WitnessKeyRow => {
    const { signerKey, verifierKey } = generateKey(name, SIG_COSIGNATURE_V1);
    return {
      key_id: parseVerifierKey(verifierKey).keyId.toString(16).padStart(8, '0'),
      name,
      vkey: verifierKey,
      skey_sealed: box.seal(signerKey),
      created_at: nowIso(),
      retired_at: null,
    };
  };

  const current = async (): Promise<WitnessKeyRow> => {
    const row = await currentWitnessKey(db);
    if (row) return row;
    try {
      await insertWitnessKey(db, rowFor());
    } catch (err) {
      // Another process made the first key at the same moment: the unique index kept one.
      if (!isUniqueViolation(err)) throw err;
    }
    const made = await currentWitnessKey(db);
    if (!made) throw new Error('ledger: no current witness key after creating one');
    return made;
  };

  return {
    async cosigner() {
      const row = await current();
      let c = opened.get(row.key_id);
      if (!c) opened.set(row.key_id, (c = cosigner(box.open(row.skey_sealed))));
      return { cosigner: c, vkey: row.vkey };
    },
    async verifierKeys() {
      await current();
      return (await listWitnessKeys(db)).map((k) => k.vkey);
    },
    async rotate() {
      return db.transaction().execute(async (trx) => {
        const old = await currentWitnessKey(trx);
        await retireWitnessKey(trx, nowIso());
        const row = rowFor();
        await insertWitnessKey(trx, row);
        return { retired: old?.vkey ?? null, current: row.vkey };
      });
    },
  };
}
