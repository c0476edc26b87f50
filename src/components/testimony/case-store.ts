// Writing to a case, for every side of the testimony service: attachments (files first, then their
// rows; the files go again if anything fails), items added to the thread, and the retention clock
// that activity restarts.
import { randomUUID } from 'node:crypto';
import type { Staff } from '../../core/accounts/index.ts';
import { fail } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { fileCiphertextLength, isFileCiphertextLength } from './crypto.ts';
import type { FileStore } from './file-store.ts';
import { addDays, LIMITS, today, type Testimony, type TestimonyItem } from './testimony.ts';
import * as repo from './testimony.repository.ts';

/**
 * An attachment's ciphertext: in memory, or read only when its turn comes to be stored, so a
 * submission's files never need to be in memory all at once.
 */
export type FileData = Uint8Array | { readonly size: number; read(): Promise<Uint8Array> };
const sizeOf = (f: FileData) => (f instanceof Uint8Array ? f.length : f.size);

export const tooBig = () => fail('TESTIMONY_TOO_LARGE');
export const badCipher = () => fail('TESTIMONY_BAD_CIPHERTEXT');

export function checkFiles(files: FileData[]): void {
  if (files.length > LIMITS.files) throw fail('TESTIMONY_TOO_MANY_FILES');
  for (const size of files.map(sizeOf)) {
    if (size > fileCiphertextLength(LIMITS.fileBytes)) throw tooBig();
    if (!isFileCiphertextLength(size)) throw badCipher();
  }
}

export interface CaseStore {
  /** Stores the files, then the rows in one transaction; if anything fails, the files go again. */
  withFiles(
    testimonyId: string,
    itemId: string | null,
    data: FileData[],
    write: (trx: Db) => Promise<void>,
  ): Promise<void>;
  /** The columns that restart a case's retention clock. */
  touch(): { last_activity_on: string; expires_on: string; warned_on: null };
  addItem(
    t: Testimony,
    actor: Staff | null,
    kind: TestimonyItem['kind'],
    forOrg: string,
    forSurvivor: string | null,
    extra?: { draftDigest?: string },
    fileData?: FileData[],
  ): Promise<void>;
}

export function createCaseStore(deps: { db: Db; files: FileStore; retentionDays: number }): CaseStore {
  const { db, files: store } = deps;

  async function writeFiles(testimonyId: string, itemId: string | null, data: FileData[]): Promise<repo.FileRow[]> {
    const rows = data.map((d, position) => ({
      id: randomUUID(),
      testimony_id: testimonyId,
      item_id: itemId,
      position,
      size: sizeOf(d),
      created_on: today(),
    }));
    try {
      for (let i = 0; i < rows.length; i++) {
        const d = data[i];
        const bytes = d instanceof Uint8Array ? d : await d.read();
        if (bytes.length !== rows[i].size) throw badCipher();
        await store.write(rows[i].id, bytes);
      }
    } catch (err) {
      await store.remove(rows.map((r) => r.id));
      throw err;
    }
    return rows;
  }

  const cases: CaseStore = {
    async withFiles(testimonyId, itemId, data, write) {
      const rows = await writeFiles(testimonyId, itemId, data);
      try {
        await db.transaction().execute(async (trx) => {
          await write(trx);
          await repo.insertFiles(trx, rows);
        });
      } catch (err) {
        await store.remove(rows.map((r) => r.id));
        throw err;
      }
    },

    touch: () => ({
      last_activity_on: today(),
      expires_on: addDays(today(), deps.retentionDays),
      warned_on: null,
    }),

    async addItem(t, actor, kind, forOrg, forSurvivor, extra = {}, fileData = []) {
      const id = randomUUID();
      await cases.withFiles(t.id, id, fileData, async (trx) => {
        if (kind === 'draft') await repo.withdrawDrafts(trx, t.id);
        await repo.insertItem(trx, {
          id,
          testimony_id: t.id,
          seq: await repo.nextSeq(trx, t.id),
          kind,
          staff_id: actor?.id ?? null,
          // Sealed to the key in force when written (the page offered the active key).
          org_key_id: (await repo.activeOrgKey(trx))?.id ?? t.orgKeyId,
          for_org: forOrg,
          for_survivor: forSurvivor,
          draft_digest: extra.draftDigest ?? null,
          draft_state: kind === 'draft' ? 'proposed' : null,
          created_on: today(),
        });
        await repo.updateTestimony(trx, t.id, cases.touch());
      });
    },
  };
  return cases;
}
