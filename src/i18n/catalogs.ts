// Loads the ICU message catalogs: core ones in i18n/messages/, and any module's messages/ folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from './locales.ts';

export type Catalog = Record<string, string>;
export type Catalogs = Record<Locale, Catalog>;

const SRC = fileURLToPath(new URL('../', import.meta.url));

/** Every `messages` folder under src/, each holding kk.json, ru.json and en.json. */
export function catalogFolders(root = SRC): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (!statSync(full).isDirectory() || name === 'client') continue;
      if (name === 'messages') out.push(full);
      else walk(full);
    }
  };
  walk(root);
  return out.sort();
}

export function loadCatalogs(folders = catalogFolders()): Catalogs {
  const catalogs = { kk: {}, ru: {}, en: {} } as Catalogs;
  for (const folder of folders) {
    for (const locale of LOCALES) {
      const file = join(folder, `${locale}.json`);
      let entries: Catalog;
      try {
        entries = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`Cannot read message catalog ${file}: ${(err as Error).message}`);
      }
      for (const [key, value] of Object.entries(entries)) {
        if (key in catalogs[locale]) throw new Error(`Message key ${key} is defined twice (${file})`);
        catalogs[locale][key] = value;
      }
    }
  }
  return catalogs;
}
