// Helpers for the ledger's log tests: a fetch over app.inject, and the checks that a stored tree
// still is what its checkpoints signed.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import {
  TileHashReader,
  consistencyProof,
  equalBytes,
  fromBase64,
  leafHash,
  noteVerifier,
  openCheckpoint,
  treeRoot,
  verifyConsistency,
  type FetchLike,
} from '../../src/ledger/log/index.ts';

/** A FetchLike answering from the app in process (the origin part of the URL is ignored). */
export const injectFetch =
  (app: FastifyInstance): FetchLike =>
  async (url) => {
    const res = await app.inject({ method: 'GET', url: new URL(url).pathname });
    return {
      status: res.statusCode,
      text: async () => res.body,
      arrayBuffer: async () =>
        res.rawPayload.buffer.slice(
          res.rawPayload.byteOffset,
          res.rawPayload.byteOffset + res.rawPayload.byteLength,
        ) as ArrayBuffer,
    };
  };

/**
 * Every stored checkpoint verifies with the stored keys, the stored tiles give its root at its size,
 * consecutive checkpoints are consistent, and every entry hashes to its leaf in the tiles.
 */
export async function checkStoredLog(db: Kysely<any>): Promise<{ size: number; checkpoints: number }> {
  const keys = (await db.selectFrom('ledger_keys').select('vkey').execute()).map((k: { vkey: string }) =>
    noteVerifier(k.vkey),
  );
  const tile = async (t: { level: number; index: number; width: number }) => {
    const row = await db
      .selectFrom('ledger_tiles')
      .select(['width', 'data'])
      .where('level', '=', t.level)
      .where('idx', '=', t.index)
      .executeTakeFirst();
    if (!row || Number(row.width) < t.width) throw new Error(`tile ${t.level}/${t.index} missing`);
    return new Uint8Array(row.data).subarray(0, t.width * 32);
  };
  const last = await db
    .selectFrom('ledger_tiles')
    .select(['idx', 'width'])
    .where('level', '=', 0)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  const size = last ? Number(last.idx) * 256 + Number(last.width) : 0;
  const reader = new TileHashReader(size, tile);
  const cps = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('size').execute();
  let prev: { size: number; root: Uint8Array } | null = null;
  for (const row of cps) {
    const { checkpoint } = openCheckpoint(row.note, keys);
    if (checkpoint.size !== Number(row.size) || checkpoint.size > size)
      throw new Error(`checkpoint ${row.size} does not fit the stored tree of ${size}`);
    const root = await treeRoot(new TileHashReader(checkpoint.size, tile), checkpoint.size);
    if (!equalBytes(root, checkpoint.root) || !equalBytes(root, fromBase64(row.root)!))
      throw new Error(`the stored tree of size ${checkpoint.size} is not the one its checkpoint signed`);
    if (prev) {
      const proof = await consistencyProof(reader, prev.size, checkpoint.size);
      if (!verifyConsistency(prev.size, checkpoint.size, proof, prev.root, checkpoint.root))
        throw new Error(`checkpoints ${prev.size} and ${checkpoint.size} are not consistent`);
    }
    prev = { size: checkpoint.size, root: checkpoint.root };
  }
  const entries = await db.selectFrom('ledger_entries').select(['idx', 'json']).orderBy('idx').execute();
  if (entries.length !== size) throw new Error(`${entries.length} entries stored for a tree of ${size}`);
  for (let t = 0; t * 256 < size; t++) {
    const width = Math.min(256, size - t * 256);
    const data = await tile({ level: 0, index: t, width });
    for (let j = 0; j < width; j++) {
      const e = entries[t * 256 + j];
      if (
        Number(e.idx) !== t * 256 + j ||
        !equalBytes(leafHash(Buffer.from(e.json)), data.subarray(j * 32, j * 32 + 32))
      )
        throw new Error(`entry ${t * 256 + j} does not match its leaf`);
    }
  }
  return { size, checkpoints: cps.length };
}
