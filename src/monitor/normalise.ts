// Hashtags, mentions and links as the monitor compares them: Unicode NFC, invisible characters
// stripped, case and Kazakh letters folded (src/i18n/fold.ts), and a Latin/Cyrillic "skeleton" so
// that #OrtashaEmes and #ОрташаЕмес, or #ZañdyÖzgert and #ЗаңдыӨзгерт, are recognised as one tag.
import { fold, latinKey } from '../i18n/fold.ts';

// Zero-width characters, bidi marks, word joiners, soft hyphen, variation selectors (and their
// supplement), the BOM and tag characters: never part of what a reader sees as the hashtag.
const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udfff]/g;

// A hashtag body: letters, digits, combining marks and underscores (Instagram, TikTok, X and
// Mastodon all stop a tag at punctuation or space). '#' must not follow a letter or digit.
const HASHTAG_IN_TEXT = /(^|[^\p{L}\p{N}_&/#])[#＃]([\p{L}\p{M}\p{N}_\u200b-\u200d\u2060\ufe0f]{1,100})/gu;
const MENTION_IN_TEXT = /(^|[^\p{L}\p{N}_.@/])@([A-Za-z0-9_][A-Za-z0-9_.]{0,63})/gu;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'«»]+/giu;
const TAG_BODY = /^[\p{L}\p{M}\p{N}_]{1,100}$/u;

export const stripInvisible = (s: string): string => s.replace(INVISIBLE, '');

/** The hashtag as written (without '#'), NFC and without invisible characters; null when not a tag. */
export function cleanHashtag(raw: string): string | null {
  const tag = stripInvisible(String(raw).normalize('NFC'))
    .trim()
    .replace(/^[#＃]+/, '');
  if (!TAG_BODY.test(tag) || /^\d+$/.test(tag)) return null;
  return tag;
}

/** The key posts are grouped by: case and Kazakh letters folded (the same fold campaigns use). */
export const tagKey = (tag: string): string => fold(tag).replace(/\s+/g, '');

export interface Tag {
  tag: string;
  key: string;
}

// Hashtags repeat from post to post: each spelling is cleaned and keyed once (bounded memo).
const cleaned = new Map<string, Tag | null>();
/** cleanHashtag and tagKey of a hashtag as found; shared objects, never to be modified. */
function cleanTag(raw: string): Tag | null {
  let t = cleaned.get(raw);
  if (t === undefined) {
    const tag = cleanHashtag(raw);
    t = tag === null ? null : { tag, key: tagKey(tag) };
    if (cleaned.size >= 100_000) cleaned.clear();
    cleaned.set(raw, t);
  }
  return t;
}

/**
 * A script-independent key: two tags with the same skeleton are the same tag in Latin or Cyrillic.
 * It is the search key the observatory and the help directory use (src/i18n/fold.ts latinKey), so
 * #ZañdyÖzgert, #ZandyOzgert and #ЗаңдыӨзгерт, or #NeMolşi, #NeMolchi and #НеМолчи, meet.
 */
export function skeleton(tag: string): string {
  // Hashtags are typed fast: a doubled letter (or digit) counts once, as it always has here.
  return latinKey(tagKey(tag))
    .replace(/_/g, '')
    .replace(/(.)\1+/g, '$1');
}

export interface Extracted {
  hashtags: string[];
  mentions: string[];
  links: string[];
}

/**
 * Hashtags (as written, deduplicated by key), mentions and links found in a post's text; with `only`,
 * just the kinds wanted (the others come back empty), for sources that list some themselves.
 */
export function extractEntities(
  text: string,
  only?: { hashtags: boolean; mentions: boolean; links: boolean },
): Extracted {
  const clean = stripInvisible(text.normalize('NFC'));
  const hashtags: string[] = [];
  const seen = new Set<string>();
  if ((!only || only.hashtags) && (clean.includes('#') || clean.includes('＃')))
    for (const m of clean.matchAll(HASHTAG_IN_TEXT)) {
      const t = cleanTag(m[2]);
      if (t && !seen.has(t.key)) {
        seen.add(t.key);
        hashtags.push(t.tag);
      }
    }
  const mentions =
    (!only || only.mentions) && clean.includes('@')
      ? uniq([...clean.matchAll(MENTION_IN_TEXT)].map((m) => m[2].replace(/\.+$/, '').toLowerCase()))
      : [];
  const links =
    (!only || only.links) && /https?:/i.test(clean)
      ? uniq([...clean.matchAll(URL_IN_TEXT)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, '')))
      : [];
  return { hashtags, mentions, links };
}

/** Normalises a list of tags from a platform (or from text when it gives none): cleaned, unique by key. */
export function normaliseTags(tags: Iterable<string>): Tag[] {
  const out: Tag[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const t = cleanTag(String(raw));
    if (!t || seen.has(t.key)) continue;
    seen.add(t.key);
    out.push(t);
  }
  return out;
}

const uniq = (xs: string[]): string[] => [...new Set(xs.filter(Boolean))];
