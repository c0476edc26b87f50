// Data only: a hashtag's skeleton is now the shared search key (src/i18n/fold.ts latinKey of its key,
// underscores dropped, repeated characters made one), which also makes ч/ch/ş one letter: #NeMolşi
// (kk-Latn) meets #НеМолчи.
// Only tags whose skeleton changes are written. Frozen once merged. Imports no application code, only the frozen key of its day.
import type { Kysely } from 'kysely';
import { latinKey, rekey } from '../../db/frozen/latin-key-2026-12-10.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await rekey(db, {
    table: 'monitor_tags',
    key: 'key',
    column: 'skeleton',
    batch: 2000,
    next: (r) =>
      latinKey(r.key)
        .replace(/_/g, '')
        .replace(/(.)\1+/g, '$1'),
  });
}

export async function down(): Promise<void> {
  // The old skeletons are not kept; nothing reads them but the hashtag search.
}
