// The 20 first-level units of Kazakhstan: reference data shipped in data/reference/regions.tsv,
// kept in memory (it is tiny and read on most pages) and mirrored into the regions table for joins.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import type { Locale, Translatable } from '../../i18n/locales.ts';
import type { Region } from './region.ts';

const FILE = fileURLToPath(new URL('../../../data/reference/regions.tsv', import.meta.url));

export function parseRegionsTsv(text: string): Region[] {
  const lines = text.split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
  const head = lines.shift()!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const r = Object.fromEntries(head.map((h, i) => [h, cells[i]]));
    if (!/^KZ-\d{2}$/.test(r.code) || !['region', 'city'].includes(r.kind)) throw new Error(`Bad region row: ${line}`);
    return {
      code: r.code,
      kind: r.kind as Region['kind'],
      name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
      centre: { kk: r.centre_kk, ru: r.centre_ru, en: r.centre_en },
      lat: Number(r.centre_lat),
      lon: Number(r.centre_lon),
    };
  });
}

export interface RegionsService {
  all(): readonly Region[];
  get(code: string): Region | undefined;
  isValid(code: string): boolean;
  name(code: string, locale: Locale): string;
  /** Writes the reference rows into the regions table (idempotent). */
  syncTable(db: Db): Promise<number>;
}

export function createRegionsService(text = readFileSync(FILE, 'utf8')): RegionsService {
  const list = Object.freeze(parseRegionsTsv(text));
  const byCode = new Map(list.map((r) => [r.code, r]));
  return {
    all: () => list,
    get: (code) => byCode.get(code),
    isValid: (code) => byCode.has(code),
    name: (code, locale) => byCode.get(code)?.name[locale] ?? code,
    async syncTable(db) {
      for (const r of list) {
        const row = {
          kind: r.kind,
          name_kk: r.name.kk,
          name_ru: r.name.ru,
          name_en: r.name.en,
          centre: JSON.stringify(r.centre satisfies Translatable),
          centre_lat: r.lat,
          centre_lon: r.lon,
        };
        await db
          .insertInto('regions')
          .values({ code: r.code, ...row })
          .onConflict((oc) => oc.column('code').doUpdateSet(row))
          .execute();
      }
      return list.length;
    },
  };
}
