// Test data with planted rings. Organic posting: heavy-tailed activity (a few accounts post
// hundreds of times), kk and ru texts, links with tracking decorations, hashtags, replies,
// reposts of popular objects; viral bursts (thousands of ordinary accounts sharing one item within
// minutes) joined quickly by a set of very active "news junkies". Planted rings: accounts that
// repost, share links, paste near-identical texts or use one rare hashtag set within seconds of
// each other, object after object. Deterministic for a seed.
import type { MessageInput } from './message-set.ts';

export type RingType = 'repost' | 'link' | 'paste' | 'hashtag';

export interface RingSpec {
  type: RingType;
  members: number;
  /** Objects (posts, links, texts, tag uses) the ring pushes. */
  objects: number;
  /** Seconds after the first in which the members post. */
  spread: number;
  /** Chance that a member takes part in one object. */
  join: number;
}

export interface SyntheticOptions {
  seed?: number;
  users?: number;
  days?: number;
  /** Viral bursts per kind (repost, link, paste, hashtag). */
  bursts?: Partial<Record<RingType, number>>;
  burstSize?: number;
  junkies?: number;
  rings?: RingSpec[];
}

export interface PlantedRing {
  name: string;
  type: RingType;
  users: string[];
}

export const DEFAULT_RINGS: RingSpec[] = [
  { type: 'repost', members: 30, objects: 40, spread: 30, join: 0.8 },
  { type: 'repost', members: 6, objects: 8, spread: 30, join: 0.8 },
  { type: 'link', members: 20, objects: 25, spread: 60, join: 0.8 },
  { type: 'link', members: 6, objects: 8, spread: 60, join: 0.8 },
  { type: 'paste', members: 15, objects: 20, spread: 60, join: 0.8 },
  { type: 'paste', members: 6, objects: 8, spread: 60, join: 0.8 },
  { type: 'hashtag', members: 12, objects: 15, spread: 60, join: 0.8 },
];

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KK = (
  'біз сіз әйелдер зорлық заң құқық отбасы қорғау бала мектеп жұмыс қала ауыл адам көмек дауыс тыңда бүгін ' +
  'ертең жақсы жаман үкімет сот полиция қоғам әділет шындық өзгерт жаңалық оқиға қыз ана әке үй жол өмір ' +
  'күш үміт сөз айт жаз оқы біл керек емес бар жоқ және бірақ сондықтан өйткені барлық әрбір көп аз үлкен'
).split(' ');
const RU = (
  'мы вы женщины насилие закон право семья защита ребёнок школа работа город село человек помощь голос ' +
  'слушай сегодня завтра хорошо плохо правительство суд полиция общество справедливость правда изменить ' +
  'новости случай девушка мать отец дом дорога жизнь сила надежда слово сказать писать читать знать нужно ' +
  'не есть нет и но поэтому потому все каждый много мало большой'
).split(' ');
const SYL =
  'ка ма та ны ры сы бе ке ле жа қа ғы ар ер ін ол ту ба да мы ти ро ва по ни ло ше за ди ку ға ңы өр ұл'.split(' ');
const SITES = ['tengrinews.kz', 'nur.kz', 'informburo.kz', 'vlast.kz', 'azattyq.org', 'kursiv.media', 'youtube.com'];
const EMOJI = ['🔥', '👏', '😡', '💔', '✊', '!!', '?!', '…'];

class Gen {
  readonly r: () => number;
  readonly words: Record<'kk' | 'ru', string[]>;
  constructor(seed: number) {
    this.r = rng(seed);
    const made = (base: string[]) => {
      const out = [...base];
      for (let i = 0; i < 3000; i++) {
        let w = '';
        for (let s = 2 + this.int(3); s > 0; s--) w += this.pick(SYL);
        out.push(w);
      }
      return out;
    };
    this.words = { kk: made(KK), ru: made(RU) };
  }
  int(n: number) {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Zipf-like rank in 0 … n-1 (heavy head). */
  zipf(n: number) {
    return Math.min(n - 1, Math.floor(Math.exp(this.r() * Math.log(n + 1))) - 1);
  }
  exp(mean: number) {
    return -Math.log(1 - this.r()) * mean;
  }
  /** A text of 100–200 characters in kk or ru (common words first, made-up ones in the tail). */
  text(lang?: 'kk' | 'ru', min = 100, max = 200) {
    const words = this.words[lang ?? (this.r() < 0.5 ? 'kk' : 'ru')];
    const target = min + this.int(max - min);
    let s = '';
    while (s.length < target) {
      const w = this.r() < 0.5 ? words[this.int(60)] : words[this.zipf(words.length)];
      s += (s ? ' ' : w[0].toUpperCase()) + (s ? w : w.slice(1));
    }
    return s + '.';
  }
  /** A small edit, as copy-pasters make: a word swapped or added, an emoji, punctuation. */
  edit(s: string) {
    const words = s.split(' ');
    const k = this.r();
    if (k < 0.35) words[this.int(words.length)] = this.pick(this.words[this.r() < 0.5 ? 'kk' : 'ru']).slice(0, 8);
    else if (k < 0.6) words.splice(this.int(words.length), 0, this.pick(EMOJI));
    else if (k < 0.8) words.push(this.pick(EMOJI));
    return words.join(' ').replace(/\.$/, this.r() < 0.5 ? '!' : '.');
  }
  /** The same page as a sharer's app may decorate it. */
  decorate(url: string) {
    const k = this.r();
    if (k < 0.2) return url + '?utm_source=telegram&utm_medium=social';
    if (k < 0.3) return url.replace('https://', 'https://www.') + '/';
    if (k < 0.4) return url + '?fbclid=IwAR' + this.int(1e9);
    if (k < 0.45) return 'https://l.facebook.com/l.php?u=' + encodeURIComponent(url) + '&h=AT' + this.int(1e6);
    if (k < 0.5) return 'https://vk.com/away.php?to=' + encodeURIComponent(url);
    return url;
  }
}

/** Planted rings and a generator of all messages: rings and bursts first, then organic posting. */
export function synthetic(opts: SyntheticOptions = {}): {
  rings: PlantedRing[];
  messages: () => Generator<MessageInput>;
} {
  const seed = opts.seed ?? 1;
  const users = opts.users ?? 20_000;
  const days = opts.days ?? 3;
  const span = days * 86_400;
  const t0 = 1_700_000_000;
  const specs = opts.rings ?? DEFAULT_RINGS;
  const junkies = opts.junkies ?? 40;
  const bursts = { repost: 12, link: 8, paste: 4, hashtag: 4, ...opts.bursts };
  const burstSize = opts.burstSize ?? 2000;
  let next = users;
  const rings: PlantedRing[] = specs.map((s, k) => ({
    name: `${s.type}-${k + 1}`,
    type: s.type,
    users: Array.from({ length: s.members }, () => `u${next++}`),
  }));

  function* messages(): Generator<MessageInput> {
    const g = new Gen(seed);
    let id = 0;
    const mid = () => `m${id++}`;
    const tags = Array.from({ length: 300 }, (_, i) =>
      i < 6
        ? ['NeMolchi', 'ЗаңдыӨзгерт', 'МеняйЗакон', 'OrtashaEmes', 'ForSaltanat', 'Қазақстан'][i]
        : g.pick(g.words.kk) + g.pick(SYL),
    );
    const pages = (i: number) => `https://${SITES[i % SITES.length]}/news/${i}`;
    const organic = function* (user: string, count: number): Generator<MessageInput> {
      for (let k = 0; k < count; k++) {
        const time = t0 + g.r() * span;
        if (g.r() < 0.3) {
          yield { id: mid(), userId: user, time, repostOf: `o${g.zipf(50_000)}`, text: g.text() };
          continue;
        }
        let text = g.text();
        const urls: string[] = [];
        if (g.r() < 0.57) urls.push(g.decorate(pages(g.zipf(20_000))));
        if (g.r() < 0.25) for (let h = 1 + g.int(3); h > 0; h--) text += ' #' + tags[g.zipf(tags.length)];
        if (g.r() < 0.05) text = `@u${g.int(users)} ` + text;
        if (urls.length && g.r() < 0.5) text += ' ' + urls[0];
        yield { id: mid(), userId: user, time, text, urls, replyTo: g.r() < 0.1 ? `t${g.zipf(30_000)}` : null };
      }
    };
    // Viral bursts: ordinary accounts within minutes, the junkies within seconds.
    for (const kind of ['repost', 'link', 'paste', 'hashtag'] as const)
      for (let b = 0; b < bursts[kind]; b++) {
        const start = t0 + g.r() * (span - 3600);
        const slogan = g.text();
        const burstTags = ` #${tags[g.int(6)]} #${tags[6 + g.int(20)]}`;
        const item = (user: string, time: number): MessageInput => {
          if (kind === 'repost') return { id: mid(), userId: user, time, repostOf: `viral${b}`, text: slogan };
          if (kind === 'link')
            return {
              id: mid(),
              userId: user,
              time,
              text: g.text(),
              urls: [g.decorate(`https://tengrinews.kz/viral/${b}`)],
            };
          if (kind === 'paste') return { id: mid(), userId: user, time, text: g.r() < 0.5 ? slogan : g.edit(slogan) };
          return { id: mid(), userId: user, time, text: g.text() + burstTags };
        };
        for (let k = 0; k < burstSize; k++) yield item(`u${junkies + g.int(users - junkies)}`, start + g.exp(150));
        for (let j = 0; j < junkies; j++) if (g.r() < 0.9) yield item(`u${j}`, start + g.exp(20));
      }

    // The rings.
    for (let k = 0; k < specs.length; k++) {
      const spec = specs[k];
      const ring = rings[k];
      const lang = g.r() < 0.5 ? 'kk' : 'ru';
      const ringTags = ` #${g.pick(g.words[lang])}${g.pick(SYL)} #${g.pick(g.words[lang])}${g.pick(SYL)} #${tags[g.int(6)]}`;
      for (let o = 0; o < spec.objects; o++) {
        const start = t0 + g.r() * (span - 3600);
        const base = g.text(lang);
        for (const user of ring.users) {
          if (g.r() >= spec.join) continue;
          const time = start + g.r() * spec.spread;
          if (spec.type === 'repost')
            yield { id: mid(), userId: user, time, repostOf: `${ring.name}-post${o}`, text: base };
          else if (spec.type === 'link')
            yield {
              id: mid(),
              userId: user,
              time,
              text: g.text(lang),
              urls: [g.decorate(`https://${ring.name}.info/p/${o}`)],
            };
          else if (spec.type === 'paste') yield { id: mid(), userId: user, time, text: g.edit(g.edit(base)) };
          else yield { id: mid(), userId: user, time, text: g.text(lang) + ringTags };
        }
      }
    }
    // Organic accounts: Pareto activity (α 1.5, at least 2), the first `junkies` very active.
    for (let u = 0; u < users; u++) {
      const count = u < junkies ? 500 + g.int(1000) : Math.min(2000, Math.floor(2 / Math.pow(1 - g.r(), 1 / 1.5)));
      yield* organic(`u${u}`, count);
    }
    // Ring members also post like everyone else.
    for (const ring of rings) for (const user of ring.users) yield* organic(user, 5 + g.int(30));
  }
  return { rings, messages };
}

/** Which coordination type finds each kind of ring. */
export const RING_NETWORK = {
  repost: 'co-repost',
  link: 'co-link',
  paste: 'co-similar',
  hashtag: 'co-hashtag',
} as const;
