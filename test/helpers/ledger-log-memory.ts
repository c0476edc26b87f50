// A faithful stand-in for the ledger's log (src/ledger/ledger-log.ts, built on another branch), for
// the books' tests only. It is built on the real pure core: canonical JSON, RFC 9162 leaf hashes and
// inclusion proofs from a MemoryTree, C2SP checkpoints signed with a real Ed25519 key. Entries are
// written through the caller's transaction (into a test table), so a rolled-back approval leaves no
// entry behind, as with the real log; the tree is rebuilt from that table when read.
import type { Kysely } from 'kysely';
import { defineModule } from '../../src/core/modules/index.ts';
import type { Db } from '../../src/db/database.ts';
import type { LedgerLog } from '../../src/ledger/index.ts';
import {
  MemoryTree,
  canonicalJson,
  generateKey,
  inclusionProof,
  leafHash,
  noteSigner,
  signCheckpoint,
  toBase64,
  toHex,
} from '../../src/ledger/log/index.ts';

export const TEST_ORIGIN = 'dauys.test/ledger';

export function createMemoryLedgerLog(
  db: Db,
  origin = TEST_ORIGIN,
): LedgerLog & { keys: { signer: string; verifier: string } } {
  const key = generateKey(origin.replace(/\//g, '-'));
  const signer = noteSigner(key.signerKey);
  const any = db as unknown as Kysely<any>;
  const tree = new MemoryTree();
  let checkpoint: { note: string; size: number; rootHash: string } | null = null;
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

  /** Brings the tree up to the table (only committed rows are visible here). */
  const sync = async () => {
    const rows = await any
      .selectFrom('test_ledger_log')
      .select(['idx', 'json'])
      .where('idx', '>=', tree.size)
      .orderBy('idx')
      .execute();
    for (const r of rows) {
      if (Number(r.idx) !== tree.size) throw new Error(`test log: a gap at ${tree.size}`);
      tree.append(utf8(r.json));
    }
  };

  return {
    origin,
    keys: { signer: key.signerKey, verifier: key.verifierKey },
    async append(trx, records) {
      const t = trx as unknown as Kysely<any>;
      const last = await t
        .selectFrom('test_ledger_log')
        .select((eb) => eb.fn.max('idx').as('m'))
        .executeTakeFirst();
      let next = last?.m === null || last?.m === undefined ? 0 : Number(last.m) + 1;
      const out: number[] = [];
      for (const r of records) {
        await t
          .insertInto('test_ledger_log')
          .values({ idx: next, json: canonicalJson(r) })
          .execute();
        out.push(next++);
      }
      return out;
    },
    async size() {
      const r = await any
        .selectFrom('test_ledger_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async entry(index) {
      const r = await any.selectFrom('test_ledger_log').selectAll().where('idx', '=', index).executeTakeFirst();
      return r ? { index, json: r.json, leafHash: toHex(leafHash(utf8(r.json))) } : null;
    },
    async entries(from, limit) {
      const rows = await any
        .selectFrom('test_ledger_log')
        .selectAll()
        .where('idx', '>=', from)
        .orderBy('idx')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ index: Number(r.idx), json: r.json }));
    },
    async latestCheckpoint() {
      return checkpoint;
    },
    async inclusion(index) {
      if (!checkpoint || index < 0 || index >= checkpoint.size) return null;
      await sync();
      const proof = await inclusionProof(tree, index, checkpoint.size);
      return { index, size: checkpoint.size, proof: proof.map(toBase64), checkpoint: checkpoint.note };
    },
    async publish() {
      await sync();
      if (tree.size === 0 || (checkpoint && checkpoint.size === tree.size)) return false;
      const root = await tree.root();
      const note = signCheckpoint({ origin, size: tree.size, root, extensions: [] }, [signer]);
      checkpoint = { note, size: tree.size, rootHash: toBase64(root) };
      return true;
    },
    async verifierKeys() {
      return [key.verifierKey];
    },
  };
}

/** Provides `ledgerLog` to the books in tests, as the log module will in boot.ts. */
export const memoryLedgerLogModule = defineModule({
  name: 'ledgerLogMemory',
  needs: { db: true },
  migrations: new URL('./ledger-log-memory-migrations/', import.meta.url),
  create: ({ db }: { db: Db }) => ({ ledgerLog: createMemoryLedgerLog(db) }),
});
