// Data only: observatory records' search_text becomes a script-independent key (src/i18n/fold.ts searchFold), so a
// Latin query (kk-Latn: "qazaq", #ZañdyÖzgert) finds Cyrillic records and the other way round.
// Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

// A frozen copy of latinKey (src/i18n/fold.ts) as of this migration: the stored value was fold()'s
// output, and the new one is latinKey of it, so nothing else needs recomputing.
const CYR: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const STEPS: Array<[RegExp, string]> = [
  [/\p{M}/gu, ''],
  [/shch|sch/g, 'sh'],
  [/ch/g, 'sh'],
  [/kh/g, 'h'],
  [/zh|j/g, 'z'],
  [/ts|c/g, 's'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/x/g, 'h'],
  [/y/g, 'i'],
  [/i+/g, 'i'],
];
function latinKey(folded: string): string {
  let s = folded
    .replace(/[а-яё]/g, (c) => CYR[c] ?? c)
    .replace(/[şŝ]/g, 'sh')
    .replace(/[çĉ]/g, 'ch')
    .replace(/ı/g, 'i')
    .normalize('NFD');
  for (const [re, to] of STEPS) s = s.replace(re, to);
  return s.normalize('NFC');
}

export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; search_text: string }> = await db
      .selectFrom('obs_entities')
      .select(['id', 'search_text'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      const key = latinKey(r.search_text);
      if (key !== r.search_text)
        await db.updateTable('obs_entities').set({ search_text: key }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1].id;
  }
}

export async function down(): Promise<void> {
  // The Cyrillic-folded text is not kept; the next edit of a record writes the key its code makes.
}
