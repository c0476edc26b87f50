// A frozen copy of latinKey (src/i18n/fold.ts) as of 2026-12-10, for the migrations that re-keyed
// stored search text that day (campaigns, observatory, help, monitor tags). Migrations must keep
// doing what they did when they ran, so they never import live application code; this file is
// theirs alone and is never edited (a later change to the key gets a new dated copy).
import type { Kysely } from 'kysely';

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
export function latinKey(folded: string): string {
  let s = folded
    .replace(/[а-яё]/g, (c) => CYR[c] ?? c)
    .replace(/[şŝ]/g, 'sh')
    .replace(/[çĉ]/g, 'ch')
    .replace(/ı/g, 'i')
    .normalize('NFD');
  for (const [re, to] of STEPS) s = s.replace(re, to);
  return s.normalize('NFC');
}

/** Rewrites one text column of a table through `next`, in batches ordered by the key column. */
export async function rekey(
  db: Kysely<any>,
  o: { table: string; key: string; column: string; batch: number; next: (row: Record<string, string>) => string },
): Promise<void> {
  let after = '';
  for (;;) {
    const rows: Array<Record<string, string>> = await db
      .selectFrom(o.table)
      .select([o.key, o.column])
      .where(o.key, '>', after)
      .orderBy(o.key)
      .limit(o.batch)
      .execute();
    if (!rows.length) return;
    for (const r of rows) {
      const value = o.next(r);
      if (value !== r[o.column])
        await db
          .updateTable(o.table)
          .set({ [o.column]: value })
          .where(o.key, '=', r[o.key])
          .execute();
    }
    after = rows[rows.length - 1][o.key];
  }
}
