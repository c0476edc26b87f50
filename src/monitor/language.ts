// Language of a post: kk, ru, en, other or und (too little text to tell).
// 1. Kazakh-specific letters (ә ғ қ ң ө ұ ү һ і) in the words of the post decide first.
// 2. Otherwise the script narrows the candidates: Cyrillic → ru or kk typed without its own
//    letters; Latin → en, kk typed in Latin, or another language; anything else → other.
// 3. Between candidates, a trigram profile distance (franc's data, restricted to the candidates,
//    with Kazakh folded and transliterated for the no-special-letters and Latin cases) is combined
//    with function words and suffixes that are frequent in short social-media posts.
import { data } from 'franc-min/data.js';
import { fold } from '../i18n/fold.ts';

export const LANGS = ['kk', 'ru', 'en', 'other', 'und'] as const;
export type Lang = (typeof LANGS)[number];

const NOISE = /https?:\/\/\S+|www\.\S+|[@][\w.]+|&[a-z]+;|[\p{N}_]/giu;
const WORD = /[\p{L}\p{M}'’-]+/gu;
const HASHTAG = /[#＃][\p{L}\p{M}\p{N}_]+/gu;

// Function words and very frequent short words of posts (folded: Kazakh letters → Russian ones).
const KK_WORDS = new Set(
  'мен бен пен жане жэне да де та те бул осы сол ол биз сиз сен мен олар бар жок емес ушин учин гой гои гана ганa гана кана ене енди нe не неге кашан кандай калай кай кайда онын оган бир ек уш кез кезде соц соң барлык баршага керек болсын болды болады болмайды бермейди жиберме кыз кыздар айел айелдер ана апа аке бала балалар адам адамдар ел елимиз халык зан заны заннын тил бугин ертен кеше жыл сот зорлык зорлыкка карсы туралы арасында дейин кейин сиякты турде ешкашан ешкимге ешкандай тагы азыр казир кабылдау озгерт озгерту талап етемиз етеди кылады жасау жасады айту айтты айтамыз жазу жаз жазып улкен кишкене жаксы жаман рахмет рахмат саламатсызба сэлем салем кош иа ия жок жарайды калмайды тиис керек-ак'.split(
    ' ',
  ),
);
const KK_SUFFIX =
  /(лар|лер|дар|дер|тар|тер|нын|нин|дын|дин|тын|тин|ымыз|имиз|мыз|миз|пыз|пиз|сыз|сиз|ганда|генде|када|кеде|дагы|деги|тагы|теги|мен|бен|пен|уге|ууге|ига|ге|га|ке|ка|ды|ди|ты|ти|ын|ин|сын|син|ган|ген|кан|кен|лык|лик|дык|дик|тык|тик|шы|ши|мыз|уды|уди|ауга|еуге|ады|еди)$/;
const RU_WORDS = new Set(
  'и в во не на что я с со это как а по но он она они мы вы ты за все всё так же от уже нет да только надо нужно было будет быть есть его ее её их мне меня нас вас вам им ему для до из или если когда кто где там тут вот чем чтобы потому почему даже снова опять уже ещё всего всем всех весь вся еще ещё очень просто может можно нельзя хочу хотим закон закона законы женщин женщины женщина насилие насилия против суд суда дети детей люди людей мужчины наш наша наши ваш свой своих сегодня завтра вчера время года год спасибо привет пожалуйста давайте давай пусть который которые этот эта эти тот та те про без при над под через после перед между'.split(
    ' ',
  ),
);
const KK_VERB =
  /(мады|меди|пады|педи|бады|беди|маймыз|мейміз|меймиз|маймын|меймин|дык|дик|тык|тик|ганбыз|генбиз|ыныз|иниз|ындар|индер|ыныздар|иниздер)$/;
const RU_SUFFIX =
  /(ите|айте|ейте|ьте|ью|стью|ены|аны|ыны|ого|его|ому|ему|ыми|ими|ться|тся|ешь|ишь|ет|ит|ют|ут|ая|яя|ое|ее|ые|ие|ый|ий|ой|ам|ям|ами|ями|ах|ях|ов|ев|ость|ение|ание|ция|ия|ть)$/;
const EN_WORDS = new Set(
  'the a an and or but of to in on at for with from by is are was were be been being am i you he she it we they me him her us them my your his its our their this that these those there here what who whom which when where why how not no yes do does did done have has had will would can could should must may might just only also very so if then than as about into over after before again all any some more most other such own same too now out up down off new stop violence women woman girls law laws justice against support together change need needs needed please thank thanks today tomorrow every everyone people story stories voice speak silent silence rights human help share join our ten hours yesterday years old was only finally proud there link follow updates account here your turn signed shared'.split(
    ' ',
  ),
);
const OTHER_CYRILLIC_LANGS = ['ukr', 'bel', 'bul', 'srp', 'bos', 'uzn', 'azj', 'koi'];

const MAX_DIFF = 300;

const CYR_TO_LAT: Record<string, string> = {
  а: 'a',
  ә: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  й: 'i',
  к: 'k',
  қ: 'q',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ұ: 'u',
  ү: 'u',
  ф: 'f',
  х: 'h',
  һ: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const toLatin = (s: string) => [...s].map((c) => CYR_TO_LAT[c] ?? c).join('');
const foldKk = (s: string) => fold(s);

/** The trigrams of a text padded with a space at each end, as franc forms them (with repeats). */
function trigramList(text: string): string[] {
  const s = ` ${text} `;
  const out: string[] = [];
  for (let i = 0; i < s.length - 2; i++) out.push(s.slice(i, i + 3));
  return out;
}

/** A profile: each trigram's rank (its first position in franc's list, most frequent first). */
function ranks(trigrams: string[]): Map<string, number> {
  const p = new Map<string, number>();
  trigrams.forEach((t, i) => {
    if (!p.has(t)) p.set(t, i);
  });
  return p;
}

// Kazakh's profile folded (as typed without its own letters) and transliterated (as typed in Latin).
const kazTrigrams = data.Cyrillic.kaz.split('|');
const kkLatinTrigrams = kazTrigrams.flatMap((t) => {
  const l = toLatin(t);
  return l.length === 3 ? [l] : [...new Set(trigramList(l.trim()))].filter((x) => x.length === 3);
});
const OTHER_LATIN = Object.entries(data.Latin).filter(([k]) => k !== 'eng');
const OTHER_CYR = OTHER_CYRILLIC_LANGS.filter((k) => data.Cyrillic[k]).map((k) => [k, data.Cyrillic[k]] as const);

// Profiles are looked up by a number for each trigram: every character that occurs in a profile gets
// a small code, and a trigram of three such characters is code₁·B² + code₂·B + code₃ (a small integer,
// so no substring is made per trigram). A trigram with any other character is in no profile.
const profileLists = [
  data.Cyrillic.rus,
  data.Latin.eng,
  ...OTHER_LATIN.map(([, v]) => v),
  ...OTHER_CYR.map(([, v]) => v),
].map((v) => v.split('|'));
profileLists.push(kazTrigrams, kazTrigrams.map(foldKk), kkLatinTrigrams);
const charCode = new Uint16Array(65536);
let alphabet = 0;
for (const list of profileLists)
  for (const t of list)
    for (let i = 0; i < t.length; i++) if (!charCode[t.charCodeAt(i)]) charCode[t.charCodeAt(i)] = ++alphabet;
const BASE = alphabet + 1;
const idOf = (t: string) =>
  (charCode[t.charCodeAt(0)] * BASE + charCode[t.charCodeAt(1)]) * BASE + charCode[t.charCodeAt(2)];

/** Several profiles side by side: for a trigram, the rank in each (MAX_DIFF where it is absent). */
interface ProfileSet {
  size: number;
  offsets: Map<number, number>;
  table: Int16Array;
}
function profileSet(lists: string[][]): ProfileSet {
  const maps = lists.map(ranks);
  const offsets = new Map<number, number>();
  for (const m of maps)
    for (const t of m.keys())
      if (t.length === 3 && !offsets.has(idOf(t))) offsets.set(idOf(t), offsets.size * lists.length);
  const table = new Int16Array(offsets.size * lists.length).fill(MAX_DIFF);
  for (const [j, m] of maps.entries()) for (const [t, r] of m) if (t.length === 3) table[offsets.get(idOf(t))! + j] = r;
  return { size: lists.length, offsets, table };
}

const CYRILLIC = profileSet([data.Cyrillic.rus.split('|'), kazTrigrams.map(foldKk)]); // ru, kk folded
const LATIN = profileSet([data.Latin.eng.split('|'), kkLatinTrigrams]); // en, kk in Latin letters
const OTHER_CYR_SET = profileSet(OTHER_CYR.map(([, v]) => v.split('|')));
const OTHER_LATIN_SET = profileSet(OTHER_LATIN.map(([, v]) => v.split('|')));

/**
 * How far a sample is from each profile of a set: 0 when all its trigrams are the profile's most
 * frequent, 1 when none is in it (the mean rank of the sample's trigrams, with repeats, over MAX_DIFF).
 */
function distances(text: string, set: ProfileSet): number[] {
  const s = ` ${text} `;
  const d = new Array<number>(set.size).fill(0);
  let n = 0;
  for (let i = 0; i < s.length - 2; i++) {
    n++;
    const a = charCode[s.charCodeAt(i)];
    const b = charCode[s.charCodeAt(i + 1)];
    const c = charCode[s.charCodeAt(i + 2)];
    const at = a && b && c ? set.offsets.get((a * BASE + b) * BASE + c) : undefined;
    if (at === undefined) for (let j = 0; j < set.size; j++) d[j] += MAX_DIFF;
    else for (let j = 0; j < set.size; j++) d[j] += set.table[at + j];
  }
  for (let j = 0; j < set.size; j++) d[j] = n ? d[j] / (n * MAX_DIFF) : 1;
  return d;
}

export interface LangResult {
  lang: Lang;
  /** Why: 'kazakh-letters', 'script', 'model' or 'too-short'. */
  by: 'kazakh-letters' | 'script' | 'model' | 'too-short';
}

// Letters (\p{L}) by UTF-16 code unit, classified on first sight; astral code points likewise.
const unitClass = new Uint8Array(65536); // 0 not yet seen, 1 letter, 2 not a letter
const astralLetters = new Map<number, boolean>();
const LETTER = /\p{L}/u;
function isLetterUnit(c: number): boolean {
  let k = unitClass[c];
  if (!k) unitClass[c] = k = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}
function isAstralLetter(cp: number): boolean {
  let yes = astralLetters.get(cp);
  if (yes === undefined) {
    yes = LETTER.test(String.fromCodePoint(cp));
    if (astralLetters.size < 10_000) astralLetters.set(cp, yes);
  }
  return yes;
}
/** A high surrogate at i followed by a low one: the code point, else -1. */
function pairAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) return -1;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000 : -1;
}
function hasLetters(s: string, min: number): boolean {
  let n = 0;
  for (let i = 0; i < s.length && n < min; i++) {
    const cp = pairAt(s, i);
    if (cp >= 0) {
      if (isAstralLetter(cp)) n++;
      i++;
    } else if (isLetterUnit(s.charCodeAt(i))) n++;
  }
  return n >= min;
}
const codes = (letters: string) => new Set([...letters].map((c) => c.charCodeAt(0)));
const KK_LETTER_CODES = codes('әғқңөұүһі');
const OTHER_CYRILLIC_CODES = codes('їєґўҗӊ'); // Ukrainian, Belarusian, Tatar, Bashkir letters

/** Identifies the language of a short social-media text. */
export function detectLanguage(input: string): LangResult {
  const clean = input.normalize('NFC').replace(NOISE, ' ');
  // Hashtags are often in another language than the post (trilingual campaign tags): the body
  // decides when it has enough letters; hashtags alone decide otherwise.
  const body = clean.replace(HASHTAG, ' ').toLowerCase();
  // A post of hashtags only: their camel case splits them into words (#ChangeTheLaw → change the law).
  const text = hasLetters(body, 3) ? body : splitCamelCase(clean.replace(/[#＃]/g, ' ')).toLowerCase();
  const words = text.match(WORD) ?? [];
  let cyr = 0;
  let lat = 0;
  let other = 0;
  // Words with Cyrillic letters, those of them with Kazakh-specific letters, and whether a letter
  // only other Cyrillic alphabets have appears (letters only ever occur inside words).
  const cyrWords: string[] = [];
  let kkWords = 0;
  let otherCyrillic = false;
  for (const w of words) {
    let hasCyr = false;
    let hasKk = false;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c >= 0x400 && c <= 0x4ff) {
        cyr++;
        hasCyr = true;
        if (KK_LETTER_CODES.has(c)) hasKk = true;
        else if (OTHER_CYRILLIC_CODES.has(c)) otherCyrillic = true;
      } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) lat++;
      else {
        const cp = pairAt(w, i);
        if (cp >= 0) {
          if (isAstralLetter(cp)) other++;
          i++;
        } else if (isLetterUnit(c)) other++;
      }
    }
    if (hasCyr) {
      cyrWords.push(w);
      if (hasKk) kkWords++;
    }
  }
  const letters = cyr + lat + other;
  if (letters < 3) return { lang: 'und', by: 'too-short' };
  if (other > cyr + lat) return { lang: 'other', by: 'script' };

  if (cyr >= lat) {
    if (otherCyrillic) return { lang: 'other', by: 'script' };
    if (kkWords >= 2 || (kkWords === 1 && kkWords / cyrWords.length >= 0.25))
      return { lang: 'kk', by: 'kazakh-letters' };
    return cyrillicModel(cyrWords, cyr, kkWords);
  }
  return latinModel(text, words, lat);
}

/**
 * Words run together in camel case, as hashtags write them: a capital after a small letter starts a
 * word (ZañdyÖzgert → Zañdy Özgert), and so does the last capital of a run before a small letter
 * (MeTooTALGOTime → Me Too TALGO Time). Any script with case: Latin and Cyrillic alike.
 */
export function splitCamelCase(s: string): string {
  return s.replace(/(\p{Ll})(?=\p{Lu})/gu, '$1 ').replace(/(\p{Lu})(?=\p{Lu}\p{Ll})/gu, '$1 ');
}

const FOLD: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' };
/** fold() for one lower-case word, without its NFC and whitespace passes. */
const foldWord = (w: string) => (/[әғқңөұүһіё]/.test(w) ? w.replace(/[әғқңөұүһіё]/g, (c) => FOLD[c]) : w);

/**
 * What each word adds to the scores depends on the word alone, so it is worked out once per word
 * (posts repeat words: Zipf) and added in the same order as it was computed, which keeps the sums
 * exact to the last bit. Bounded: cleared when full.
 */
function memo<T>(limit: number, compute: (w: string) => T): (w: string) => T {
  const seen = new Map<string, T>();
  return (w) => {
    let v = seen.get(w);
    if (v === undefined) {
      if (seen.size >= limit) seen.clear();
      seen.set(w, (v = compute(w)));
    }
    return v;
  };
}

/** A Cyrillic word: its folded form, then what it adds to kk, ru, ru and kk (in that order). */
const cyrillicWord = memo(20_000, (word: string) => {
  const w = foldWord(word);
  const kk1 = KK_WORDS.has(w) ? 1.2 : w.length > 5 && KK_VERB.test(w) ? 1 : w.length > 3 && KK_SUFFIX.test(w) ? 0.5 : 0;
  const ru1 = RU_WORDS.has(w) ? 1.2 : w.length > 3 && RU_SUFFIX.test(w) ? 0.5 : 0;
  const ru2 = /[ъэёщ]/.test(w) ? 0.8 : 0; // letters Kazakh words of native stock do not use
  const kk2 = /ы[кг]|[кг]ы|ук|уг/.test(w) ? 0.2 : 0;
  return { folded: w, kk1, ru1, ru2, kk2 };
});

function cyrillicModel(words: string[], letters: number, kkLetterWords: number): LangResult {
  const folded: string[] = [];
  let kk = kkLetterWords;
  let ru = 0;
  for (const word of words) {
    const s = cyrillicWord(word);
    folded.push(s.folded);
    kk += s.kk1;
    ru += s.ru1;
    ru += s.ru2;
    kk += s.kk2;
  }
  // Clear lexical evidence decides alone; the trigram profiles settle the rest.
  if (Math.abs(kk - ru) >= 2.4) return { lang: kk > ru ? 'kk' : 'ru', by: 'model' };
  const sample = folded.join(' ');
  const [dRu, dKk] = distances(sample, CYRILLIC);
  const score = (dRu - dKk) * 12 + (kk - ru); // > 0 → Kazakh
  if (letters < 8 && Math.abs(score) < 0.6) return { lang: 'und', by: 'too-short' };
  if (OTHER_CYR.length && letters >= 25 && kk === 0 && ru === 0) {
    const dOther = Math.min(...distances(sample, OTHER_CYR_SET));
    if (dOther < Math.min(dRu, dKk) - 0.03) return { lang: 'other', by: 'model' };
  }
  return { lang: score > 0 ? 'kk' : 'ru', by: 'model' };
}

const KK_LATIN_WORDS = new Set(
  'zhane jane men ushin emes kerek bolsyn qazaq kazak qazaqstan kazakstan qyz kyz qyzdar kyzdar aiel ayel aielder ayelder zan zandy biz siz bul osy ol olar bar zhok joq zhoq qarsy karsy turaly bugin rahmet salem salemetsizder el halyk halyq til zorlyq zorlyk undeme bilim beru kazhet qazhet birge bolaiyk bolayiq ana ake bala balalar tarih'.split(
    ' ',
  ),
);
const KK_LATIN_SUFFIX =
  /(dy|di|ty|ti|myz|miz|ymyz|imiz|lar|ler|dar|der|tar|ter|dyn|din|nyn|nin|tyn|tin|ga|ge|qa|ka|ke|yk|ik|iq|yq|uga|uge|mady|medi|dyq|dyk|gan|gen|pen|ben|men)$/;
const KK_LATIN_OWN = /[ñäū]/;
const EN_SUFFIX = /(ing|ed|ly|tion|ness|ment|'s|’s)$/;
const OTHER_LATIN_MARKS = /[əçœßàèéêëîïôûùÿãõåæøþðıł]|[og][’'‘ʻ]/;

/** A word of a Latin-script text: what it adds to en, kk and kk (in that order). */
const latinWord = memo(20_000, (w: string) => {
  const en1 = EN_WORDS.has(w) ? 1.2 : w.length > 4 && EN_SUFFIX.test(w) ? 0.4 : 0;
  const kk1 = KK_LATIN_WORDS.has(w) ? 1.2 : w.length > 3 && KK_LATIN_SUFFIX.test(w) ? 0.5 : 0;
  // ñ, ä and ū are Kazakh Latin's own (2021; no other Latin alphabet near it has them), q nearly so.
  const kk2 = /[ñäū]/.test(w) ? 1.2 : /[qöü]|zh|sh[yi]/.test(w) ? 0.3 : 0;
  return { en1, kk1, kk2 };
});

function latinModel(text: string, words: string[], letters: number): LangResult {
  let en = 0;
  let kk = 0;
  for (const w of words) {
    const s = latinWord(w);
    en += s.en1;
    kk += s.kk1;
    kk += s.kk2;
  }
  // Kazakh Latin shares ş, ğ, ı and ö with Turkish and Azerbaijani; its own letters settle it.
  if (OTHER_LATIN_MARKS.test(text) && en < 1.2 && kk < 2.4 && !KK_LATIN_OWN.test(text))
    return { lang: 'other', by: 'script' };
  if (en - kk >= 2.4) return { lang: 'en', by: 'model' };
  if (kk - en >= 2.4) return { lang: 'kk', by: 'model' };
  const sample = words.join(' ');
  const [dEn, dKk] = distances(sample, LATIN);
  const score = (dKk - dEn) * 8 + (en - kk); // > 0 → English
  if (letters < 8 && Math.abs(score) < 0.6 && en + kk === 0) return { lang: 'und', by: 'too-short' };
  if (en === 0 && kk < 1) {
    // No word of either: another Latin-script language when its profile fits clearly better.
    const dOther = Math.min(...distances(sample, OTHER_LATIN_SET));
    if (dOther < Math.min(dEn, dKk) - 0.02) return { lang: 'other', by: 'model' };
  }
  return { lang: score > 0 ? 'en' : 'kk', by: 'model' };
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);
