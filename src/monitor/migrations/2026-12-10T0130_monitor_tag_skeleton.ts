// Data only: a hashtag's skeleton is now the shared search key (src/i18n/fold.ts latinKey of its key,
// underscores dropped, repeated characters made one), which also makes ч/ch/ş one letter: #NeMolşi
// (kk-Latn) meets #НеМолчи.
// Only tags whose skeleton changes are written. Frozen once merged. Imports no application code.
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
    const rows: Array<{ key: string; skeleton: string }> = await db
      .selectFrom('monitor_tags')
      .select(['key', 'skeleton'])
      .where('key', '>', after)
      .orderBy('key')
      .limit(2000)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      const skeleton = latinKey(r.key)
        .replace(/_/g, '')
        .replace(/(.)\1+/g, '$1');
      if (skeleton !== r.skeleton)
        await db.updateTable('monitor_tags').set({ skeleton }).where('key', '=', r.key).execute();
    }
    after = rows[rows.length - 1].key;
  }
}

export async function down(): Promise<void> {
  // The old skeletons are not kept; nothing reads them but the hashtag search.
}
