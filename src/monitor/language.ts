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

const KK_LETTER = /[әғқңөұүһі]/;
const OTHER_CYRILLIC_LETTERS = /[їєґўҗӊ]/; // Ukrainian, Belarusian, Tatar, Bashkir letters
const NOISE = /https?:\/\/\S+|www\.\S+|[@][\w.]+|&[a-z]+;|[\p{N}_]/giu;
const WORD = /[\p{L}\p{M}'’-]+/gu;

// Function words and very frequent short words of posts (folded: Kazakh letters → Russian ones).
const KK_WORDS = new Set(
  'мен бен пен жане жэне да де та те бул осы сол ол биз сиз сен мен олар бар жок емес ушин учин гой гои гана ганa гана кана ене енди нe не неге кашан кандай калай кай кайда онын оган бир ек уш кез кезде соц соң барлык баршага керек болсын болды болады болмайды бермейди жиберме кыз кыздар айел айелдер ана апа аке бала балалар адам адамдар ел елимиз халык зан заны заннын тил бугин ертен кеше жыл сот зорлык зорлыкка карсы туралы арасында дейин кейин сиякты турде ешкашан ешкимге ешкандай тагы азыр казир кабылдау озгерт озгерту талап етемиз етеди кылады жасау жасады айту айтты айтамыз жазу жаз жазып улкен кишкене жаксы жаман рахмет рахмат саламатсызба сэлем салем кош иа ия жок жарайды калмайды тиис керек-ак'.split(' '),
);
const KK_SUFFIX = /(лар|лер|дар|дер|тар|тер|нын|нин|дын|дин|тын|тин|ымыз|имиз|мыз|миз|пыз|пиз|сыз|сиз|ганда|генде|када|кеде|дагы|деги|тагы|теги|мен|бен|пен|уге|ууге|ига|ге|га|ке|ка|ды|ди|ты|ти|ын|ин|сын|син|ган|ген|кан|кен|лык|лик|дык|дик|тык|тик|шы|ши|мыз|уды|уди|ауга|еуге|ады|еди)$/;
const RU_WORDS = new Set(
  'и в во не на что я с со это как а по но он она они мы вы ты за все всё так же от уже нет да только надо нужно было будет быть есть его ее её их мне меня нас вас вам им ему для до из или если когда кто где там тут вот чем чтобы потому почему даже снова опять уже ещё всего всем всех весь вся еще ещё очень просто может можно нельзя хочу хотим закон закона законы женщин женщины женщина насилие насилия против суд суда дети детей люди людей мужчины наш наша наши ваш свой своих сегодня завтра вчера время года год спасибо привет пожалуйста давайте давай пусть который которые этот эта эти тот та те про без при над под через после перед между'.split(' '),
);
const KK_VERB = /(мады|меди|пады|педи|бады|беди|маймыз|мейміз|меймиз|маймын|меймин|дык|дик|тык|тик|ганбыз|генбиз|ыныз|иниз|ындар|индер|ыныздар|иниздер)$/;
const RU_SUFFIX = /(ите|айте|ейте|ьте|ью|стью|ены|аны|ыны|ого|его|ому|ему|ыми|ими|ться|тся|ешь|ишь|ет|ит|ют|ут|ая|яя|ое|ее|ые|ие|ый|ий|ой|ам|ям|ами|ями|ах|ях|ов|ев|ость|ение|ание|ция|ия|ть)$/;
const EN_WORDS = new Set(
  'the a an and or but of to in on at for with from by is are was were be been being am i you he she it we they me him her us them my your his its our their this that these those there here what who whom which when where why how not no yes do does did done have has had will would can could should must may might just only also very so if then than as about into over after before again all any some more most other such own same too now out up down off new stop violence women woman girls law laws justice against support together change need needs needed please thank thanks today tomorrow every everyone people story stories voice speak silent silence rights human help share join our ten hours yesterday years old was only finally proud there link follow updates account here your turn signed shared'.split(' '),
);
const OTHER_CYRILLIC_LANGS = ['ukr', 'bel', 'bul', 'srp', 'bos', 'uzn', 'azj', 'koi'];

type Profile = Map<string, number>;
const MAX_DIFF = 300;

function profile(trigrams: string[]): Profile {
  const p: Profile = new Map();
  trigrams.forEach((t, i) => {
    if (!p.has(t)) p.set(t, i);
  });
  return p;
}

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', і: 'i', й: 'i', к: 'k', қ: 'q',
  л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const toLatin = (s: string) => [...s].map((c) => CYR_TO_LAT[c] ?? c).join('');
const foldKk = (s: string) => fold(s);

function trigramsOf(text: string): Map<string, number> {
  const s = ` ${text} `;
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 2; i++) {
    const t = s.slice(i, i + 3);
    out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

// Kazakh's profile folded (as typed without its own letters) and transliterated (as typed in Latin).
const kazTrigrams = data.Cyrillic.kaz.split('|');
const PROFILES = {
  ru: profile(data.Cyrillic.rus.split('|')),
  kkCyr: profile(kazTrigrams),
  kkFolded: profile(kazTrigrams.map(foldKk)),
  kkLatin: profile(
    kazTrigrams.flatMap((t) => {
      const l = toLatin(t);
      return l.length === 3 ? [l] : [...trigramsOf(l.trim()).keys()].filter((x) => x.length === 3);
    }),
  ),
  en: profile(data.Latin.eng.split('|')),
};
const OTHER_LATIN = Object.entries(data.Latin)
  .filter(([k]) => k !== 'eng')
  .map(([k, v]) => [k, profile(v.split('|'))] as const);
const OTHER_CYR = OTHER_CYRILLIC_LANGS.filter((k) => data.Cyrillic[k]).map((k) => [k, profile(data.Cyrillic[k].split('|'))] as const);

/** How far a sample is from a profile: 0 when all its trigrams are the profile's most frequent, 1 when none is in it. */
function distance(grams: Map<string, number>, p: Profile): number {
  let d = 0;
  let n = 0;
  for (const [g, count] of grams) {
    const r = p.get(g);
    d += (r === undefined ? MAX_DIFF : r) * count;
    n += count;
  }
  return n ? d / (n * MAX_DIFF) : 1;
}

export interface LangResult {
  lang: Lang;
  /** Why: 'kazakh-letters', 'script', 'model' or 'too-short'. */
  by: 'kazakh-letters' | 'script' | 'model' | 'too-short';
}

/** Identifies the language of a short social-media text. */
export function detectLanguage(input: string): LangResult {
  const clean = input.normalize('NFC').replace(NOISE, ' ');
  // Hashtags are often in another language than the post (trilingual campaign tags): the body
  // decides when it has enough letters; hashtags alone decide otherwise.
  const body = clean.replace(/[#＃][\p{L}\p{M}\p{N}_]+/gu, ' ').toLowerCase();
  const bodyLetters = (body.match(/\p{L}/gu) ?? []).length;
  const text = bodyLetters >= 3 ? body : clean.replace(/[#＃]/g, ' ').toLowerCase();
  const words = text.match(WORD) ?? [];
  let cyr = 0;
  let lat = 0;
  let other = 0;
  for (const w of words) {
    for (const ch of w) {
      if (ch >= '\u0400' && ch <= '\u04ff') cyr++;
      else if ((ch >= 'a' && ch <= 'z') || (ch >= '\u00c0' && ch <= '\u024f')) lat++;
      else if (/\p{L}/u.test(ch)) other++;
    }
  }
  const letters = cyr + lat + other;
  if (letters < 3) return { lang: 'und', by: 'too-short' };
  if (other > cyr + lat) return { lang: 'other', by: 'script' };

  if (cyr >= lat) {
    const cyrWords = words.filter((w) => /[\u0400-\u04ff]/.test(w));
    if (OTHER_CYRILLIC_LETTERS.test(text)) return { lang: 'other', by: 'script' };
    const kkWords = cyrWords.filter((w) => KK_LETTER.test(w)).length;
    if (kkWords >= 2 || (kkWords === 1 && kkWords / cyrWords.length >= 0.25)) return { lang: 'kk', by: 'kazakh-letters' };
    return cyrillicModel(cyrWords, cyr, kkWords);
  }
  return latinModel(text, words, lat);
}

const FOLD: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' };
/** fold() for one lower-case word, without its NFC and whitespace passes. */
const foldWord = (w: string) => (/[әғқңөұүһіё]/.test(w) ? w.replace(/[әғқңөұүһіё]/g, (c) => FOLD[c]) : w);

function cyrillicModel(words: string[], letters: number, kkLetterWords: number): LangResult {
  const folded = words.map(foldWord);
  let kk = kkLetterWords;
  let ru = 0;
  for (const w of folded) {
    if (KK_WORDS.has(w)) kk += 1.2;
    else if (w.length > 5 && KK_VERB.test(w)) kk += 1;
    else if (w.length > 3 && KK_SUFFIX.test(w)) kk += 0.5;
    if (RU_WORDS.has(w)) ru += 1.2;
    else if (w.length > 3 && RU_SUFFIX.test(w)) ru += 0.5;
    if (/[ъэёщ]/.test(w)) ru += 0.8; // letters Kazakh words of native stock do not use
    if (/ы[кг]|[кг]ы|ук|уг/.test(w)) kk += 0.2;
  }
  // Clear lexical evidence decides alone; the trigram profiles settle the rest.
  if (Math.abs(kk - ru) >= 2.4) return { lang: kk > ru ? 'kk' : 'ru', by: 'model' };
  const grams = trigramsOf(folded.join(' '));
  const dRu = distance(grams, PROFILES.ru);
  const dKk = distance(grams, PROFILES.kkFolded);
  const score = (dRu - dKk) * 12 + (kk - ru); // > 0 → Kazakh
  if (letters < 8 && Math.abs(score) < 0.6) return { lang: 'und', by: 'too-short' };
  if (OTHER_CYR.length && letters >= 25 && kk === 0 && ru === 0) {
    const dOther = Math.min(...OTHER_CYR.map(([, p]) => distance(grams, p)));
    if (dOther < Math.min(dRu, dKk) - 0.03) return { lang: 'other', by: 'model' };
  }
  return { lang: score > 0 ? 'kk' : 'ru', by: 'model' };
}

const KK_LATIN_WORDS = new Set('zhane jane men ushin emes kerek bolsyn qazaq kazak qazaqstan kazakstan qyz kyz qyzdar kyzdar aiel ayel aielder ayelder zan zandy biz siz bul osy ol olar bar zhok joq zhoq qarsy karsy turaly bugin rahmet salem salemetsizder el halyk halyq til zorlyq zorlyk undeme bilim beru kazhet qazhet birge bolaiyk bolayiq ana ake bala balalar tarih'.split(' '));
const KK_LATIN_SUFFIX = /(dy|di|ty|ti|myz|miz|ymyz|imiz|lar|ler|dar|der|tar|ter|dyn|din|nyn|nin|tyn|tin|ga|ge|qa|ka|ke|yk|ik|iq|yq|uga|uge|mady|medi|dyq|dyk|gan|gen|pen|ben|men)$/;
const EN_SUFFIX = /(ing|ed|ly|tion|ness|ment|'s|’s)$/;
const OTHER_LATIN_MARKS = /[əçœßàèéêëîïôûùÿãõåæøþðıł]|[og][’'‘ʻ]/;

function latinModel(text: string, words: string[], letters: number): LangResult {
  let en = 0;
  let kk = 0;
  for (const w of words) {
    if (EN_WORDS.has(w)) en += 1.2;
    else if (w.length > 4 && EN_SUFFIX.test(w)) en += 0.4;
    if (KK_LATIN_WORDS.has(w)) kk += 1.2;
    else if (w.length > 3 && KK_LATIN_SUFFIX.test(w)) kk += 0.5;
    if (/[qñäöüū]|zh|sh[yi]/.test(w)) kk += 0.3;
  }
  if (OTHER_LATIN_MARKS.test(text) && en < 1.2 && kk < 2.4) return { lang: 'other', by: 'script' };
  if (en - kk >= 2.4) return { lang: 'en', by: 'model' };
  if (kk - en >= 2.4) return { lang: 'kk', by: 'model' };
  const grams = trigramsOf(words.join(' '));
  const dEn = distance(grams, PROFILES.en);
  const dKk = distance(grams, PROFILES.kkLatin);
  const score = (dKk - dEn) * 8 + (en - kk); // > 0 → English
  if (letters < 8 && Math.abs(score) < 0.6 && en + kk === 0) return { lang: 'und', by: 'too-short' };
  if (en === 0 && kk < 1) {
    // No word of either: another Latin-script language when its profile fits clearly better.
    const dOther = Math.min(...OTHER_LATIN.map(([, p]) => distance(grams, p)));
    if (dOther < Math.min(dEn, dKk) - 0.02) return { lang: 'other', by: 'model' };
  }
  return { lang: score > 0 ? 'en' : 'kk', by: 'model' };
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);
