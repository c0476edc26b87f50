// Search words that mean the same help in Kazakh, Russian and English: "баспана", "приют" and
// "shelter" all find a shelter, whichever language its entry was written in. A query word that names
// one of these concepts matches an entry that offers the need, is of the kind, or mentions any of the
// words (in any of the three languages); other words match the entry's text as before.
//
// The table is small on purpose and reviewed by people who speak the languages: add a word only when
// a survivor would type it for exactly this help. Everything goes through searchFold() (case, Kazakh
// letters, and whatever else the project's folding learns), so write words as people spell them.
import { searchFold } from '../i18n/fold.ts';
import type { HelpKind, Need } from './help.ts';

interface SynonymGroup {
  needs: Need[];
  kinds: HelpKind[];
  words: { kk: string[]; ru: string[]; en: string[] };
}

export const SYNONYMS: Record<string, SynonymGroup> = {
  shelter: {
    needs: ['shelter'],
    kinds: ['shelter', 'crisis_centre'],
    words: {
      kk: ['баспана', 'пана', 'дағдарыс орталығы', 'уақытша баспана'],
      ru: ['приют', 'убежище', 'шелтер', 'кризисный центр', 'временное жильё'],
      en: ['shelter', 'refuge', 'safe house', 'crisis centre', 'crisis center'],
    },
  },
  legal: {
    needs: ['legal'],
    kinds: ['legal'],
    words: {
      kk: ['заң көмегі', 'құқықтық көмек', 'заң кеңесі', 'заңгер', 'адвокат'],
      ru: ['юридическая помощь', 'юридическая консультация', 'правовая помощь', 'юрист', 'адвокат'],
      en: ['legal help', 'legal aid', 'legal advice', 'lawyer', 'attorney'],
    },
  },
  psychological: {
    needs: ['psychological'],
    kinds: ['psychological'],
    words: {
      kk: ['психолог', 'психологиялық көмек', 'психологиялық қолдау'],
      ru: ['психолог', 'психологическая помощь', 'психотерапевт'],
      en: ['psychologist', 'psychological support', 'psychological help', 'counselling', 'counseling', 'therapist'],
    },
  },
  medical: {
    needs: ['medical'],
    kinds: ['medical'],
    words: {
      kk: ['медициналық көмек', 'дәрігер', 'аурухана', 'емхана'],
      ru: ['медицинская помощь', 'медпомощь', 'врач', 'больница', 'поликлиника'],
      en: ['medical help', 'medical', 'doctor', 'hospital', 'clinic'],
    },
  },
  hotline: {
    needs: ['heard'],
    kinds: ['hotline'],
    words: {
      kk: ['сенім телефоны', 'жедел желі'],
      ru: ['телефон доверия', 'горячая линия'],
      en: ['hotline', 'helpline', 'help line'],
    },
  },
  // No need or kind of its own: the police are found by their words (and 102) in the entries' text.
  police: {
    needs: [],
    kinds: [],
    words: { kk: ['полиция'], ru: ['полиция', 'милиция'], en: ['police'] },
  },
};

export interface Concept {
  name: string;
  needs: readonly Need[];
  kinds: readonly HelpKind[];
  /** Folded words of every language, each split into its words. */
  terms: readonly string[][];
}

const bare = (w: string) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const words = (text: string) => searchFold(text).split(' ').map(bare).filter(Boolean);

// Folded lazily: searchFold() may be extended (Kazakh Latin script) and the table should follow it.
let concepts: Concept[] | null = null;
export function allConcepts(): readonly Concept[] {
  concepts ??= Object.entries(SYNONYMS).map(([name, g]) => ({
    name,
    needs: g.needs,
    kinds: g.kinds,
    terms: [...new Set([...g.words.kk, ...g.words.ru, ...g.words.en].map((w) => words(w).join(' ')))].map((w) =>
      w.split(' '),
    ),
  }));
  return concepts;
}

/**
 * How much of a word must be written for it to count as the word, allowing for endings
 * ("приюты", "кризисного центра", "баспанасы"): all of a short word (five letters or fewer), all but two letters of a longer one.
 */
export const stemOf = (word: string): string => (word.length <= 5 ? word : word.slice(0, word.length - 2));

const sameWord = (typed: string, term: string) => typed.startsWith(stemOf(term));

export type QueryPart = { word: string } | { concept: Concept };

/** A query as words to find in the text and concepts to find by need, kind or any of their words. */
export function parseQuery(q: string, max = 8): QueryPart[] {
  const typed = words(q);
  const parts: QueryPart[] = [];
  for (let i = 0; i < typed.length && parts.length < max;) {
    let best: { concept: Concept; length: number } | null = null;
    for (const concept of allConcepts())
      for (const term of concept.terms)
        if (
          term.length > (best?.length ?? 0) &&
          term.every((w, k) => i + k < typed.length && sameWord(typed[i + k], w))
        )
          best = { concept, length: term.length };
    if (best) {
      if (!parts.some((p) => 'concept' in p && p.concept === best.concept)) parts.push({ concept: best.concept });
      i += best.length;
    } else {
      parts.push({ word: typed[i] });
      i++;
    }
  }
  return parts;
}
