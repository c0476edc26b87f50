// Data only: help services' search_text becomes a script-independent key (src/i18n/fold.ts searchFold), so a
// Latin query (kk-Latn: "qazaq", #ZañdyÖzgert) finds Cyrillic records and the other way round.
// Frozen once merged. Imports no application code, only the frozen key of its day.
import type { Kysely } from 'kysely';
import { latinKey, rekey } from '../../db/frozen/latin-key-2026-12-10.ts';

// The stored value was fold()'s output; the new one is latinKey of it, so nothing else needs recomputing.
export async function up(db: Kysely<any>): Promise<void> {
  await rekey(db, {
    table: 'help_services',
    key: 'id',
    column: 'search_text',
    batch: 500,
    next: (r) => latinKey(r.search_text),
  });
}

export async function down(): Promise<void> {
  // The Cyrillic-folded text is not kept; the next edit of a record writes the key its code makes.
}
