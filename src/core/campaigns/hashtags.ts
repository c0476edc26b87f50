// Hashtags as campaigns write them and as search and the monitor compare them.
import { fold } from '../../i18n/fold.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Hashtag } from './campaign.ts';

const TAG_RE = /^[\p{L}\p{N}_]{1,100}$/u;
const KAZAKH_LETTERS = /[әғқңөұүһі]/i;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Strips '#', invisible characters and surrounding space; NFC. Returns null when not a valid tag. */
export function cleanTag(raw: string): string | null {
  const tag = raw
    .normalize('NFC')
    .replace(/[\u200b-\u200f\u2060\ufe0f\ufeff]/g, '')
    .trim()
    .replace(/^#+/, '');
  return TAG_RE.test(tag) ? tag : null;
}

export const foldTag = (tag: string): string => fold(tag);

/** Best guess of the language a tag is written in: Kazakh letters → kk, other Cyrillic → ru, else en. */
export function guessTagLang(tag: string): Locale {
  if (KAZAKH_LETTERS.test(tag)) return 'kk';
  return CYRILLIC.test(tag) ? 'ru' : 'en';
}

/**
 * Parses the admin form's hashtag field: one alias group per line, tags separated by spaces or commas,
 * each optionally prefixed with its language ("kk:#ЗаңдыӨзгерт"). Returns groups and the bad tokens.
 */
export function parseHashtagLines(text: string): { groups: Hashtag[][]; invalid: string[] } {
  const groups: Hashtag[][] = [];
  const invalid: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const group: Hashtag[] = [];
    for (const token of line.split(/[\s,;]+/).filter(Boolean)) {
      const m = /^(kk|ru|en):(.+)$/i.exec(token);
      const tag = cleanTag(m ? m[2] : token);
      if (!tag) invalid.push(token);
      else if (!group.some((h) => h.tag === tag))
        group.push({ tag, lang: (m?.[1].toLowerCase() as Locale) ?? guessTagLang(tag) });
    }
    if (group.length) groups.push(group);
  }
  return { groups, invalid };
}

export const formatHashtagLines = (groups: Hashtag[][]): string =>
  groups
    .map((g) => g.map((h) => (h.lang === guessTagLang(h.tag) ? '#' + h.tag : `${h.lang}:#${h.tag}`)).join(' '))
    .join('\n');
