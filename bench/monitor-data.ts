// Synthetic Zeeschuimer NDJSON for the monitor benchmark: Instagram, TikTok, X and Threads items in
// the shapes Zeeschuimer captures them (only the fields a post needs, plus some of the noise real
// items carry), Kazakh, Russian, English and other-language captions, campaign hashtags in Latin
// and Cyrillic among a long tail of others, authors with a heavy-tailed follower count, and time
// running forward over 90 days (as a scroll through a hashtag feed collects them, with jitter).
import { createWriteStream } from 'node:fs';

const KK = [
  'Біз заңды өзгертуді талап етеміз',
  'Әйелдерге қарсы зорлық тоқтасын',
  'Бүгін бәріміз бірге шығамыз',
  'Қыздарымызды қорғайық',
  'Сот әділ болсын',
  'Үндемеу керек емес',
  'Биз бир-биримизди колдаймыз',
  'Отбасындагы зорлык жеке мэселе емес',
  'Петицияға қол қойыңыздар',
  'Сенатқа хат жазайық',
];
const RU = [
  'Мы требуем изменить закон',
  'Насилие не семейное дело',
  'Сегодня выходим все вместе',
  'Защитим наших дочерей',
  'Суд должен быть справедливым',
  'Хватит молчать',
  'Подпишите петицию, осталось немного',
  'Пишем обращения в Сенат',
  'Это не любовь, это контроль',
  'Вы не одни, мы рядом',
];
const EN = [
  'We demand a change in the law',
  'Violence is never a family matter',
  'Standing together today',
  'Protect our daughters',
  'Justice must be done',
  'Do not stay silent',
  'Sign the petition, we are almost there',
  'Write to the Senate today',
  'This is not love, it is control',
  'You are not alone',
];
const OTHER = ['Wir stehen zusammen', 'Kadınlara şiddete hayır', '我们站在一起', 'Nous sommes ensemble'];
const CAMPAIGN_TAGS = [
  'ЗаңдыӨзгерт',
  'МеняйЗакон',
  'ChangeTheLaw',
  'NeMolchi',
  'НеМолчи',
  'NeMolchiKZ',
  'ForSaltanat',
  'ЗаСалтанат',
  'ЗаконСалтанат',
  'OrtashaEmes',
  'ОрташаЕмес',
  'ZañdyÖzgert',
  'МужчиныПротивНасилия',
  'ЕрлерЗорлыққаҚарсы',
];
const OTHER_TAGS = Array.from(
  { length: 400 },
  (_, i) =>
    [
      'kz',
      'almaty',
      'astana',
      'qazaqstan',
      'women',
      'әйел',
      'қыздар',
      'justice',
      'закон',
      'суд',
      'stopviolence',
      'фемкз',
      'shymkent',
      'news',
      'жаңалықтар',
    ][i % 15] + (i < 15 ? '' : String(i)),
);

/** A small deterministic generator so every run writes the same file. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function writeSyntheticZeeschuimer(file: string, count: number, seed = 42): Promise<{ bytes: number }> {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const zipf = (n: number) => Math.min(n - 1, Math.floor(n * r() ** 3));
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const start = Date.UTC(2024, 2, 1);
  const span = 90 * 86_400_000;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const t = start + Math.floor((i / count) * span + (r() - 0.5) * 3_600_000);
    const lr = r();
    const lang = lr < 0.4 ? KK : lr < 0.8 ? RU : lr < 0.92 ? EN : OTHER;
    const tags: string[] = [];
    if (r() < 0.55) tags.push(CAMPAIGN_TAGS[zipf(CAMPAIGN_TAGS.length)]);
    const extra = Math.floor(r() * 5);
    for (let k = 0; k < extra; k++) tags.push(OTHER_TAGS[zipf(OTHER_TAGS.length)]);
    const text = `${pick(lang)}${r() < 0.5 ? '. ' + pick(lang) : ''} ${tags.map((x) => '#' + x).join(' ')}${r() < 0.3 ? ' 💔✊' : ''}`;
    const author = zipf(150_000);
    const followers = Math.floor(Math.exp(r() * 12));
    const pr = r();
    let platform: string;
    let data: Record<string, unknown>;
    const id = String(7_300_000_000_000_000_000n + BigInt(i) * 7919n);
    if (pr < 0.35) {
      platform = 'instagram.com';
      const code = 'C' + ((i * 2654435761) >>> 0).toString(36) + i.toString(36);
      data = {
        id: `${id}_${author}`,
        pk: id,
        code,
        taken_at: Math.floor(t / 1000),
        media_type: 1,
        caption: { text, pk: id },
        user: {
          pk: String(author),
          username: `user${author}`,
          full_name: `User ${author}`,
          is_verified: false,
          follower_count: followers,
        },
        like_count: Math.floor(r() * 500),
        comment_count: Math.floor(r() * 40),
        image_versions2: {
          candidates: [{ width: 1080, height: 1350, url: `https://scontent.cdninstagram.com/v/${code}.jpg` }],
        },
        product_type: 'feed',
      };
    } else if (pr < 0.75) {
      platform = 'tiktok.com';
      data = {
        id,
        createTime: Math.floor(t / 1000),
        desc: text,
        author: { id: String(author), uniqueId: `user${author}`, nickname: `User ${author}` },
        authorStats: { followerCount: followers, heartCount: followers * 3 },
        stats: {
          diggCount: Math.floor(r() * 2000),
          commentCount: Math.floor(r() * 100),
          shareCount: Math.floor(r() * 50),
          playCount: Math.floor(r() * 20000),
        },
        textExtra: tags.map((x) => ({ hashtagName: x, type: 1 })),
        video: { duration: 15 + Math.floor(r() * 45), ratio: '720p' },
        music: { id: '1', title: 'original sound' },
      };
    } else if (pr < 0.9) {
      platform = 'x.com';
      data = {
        __typename: 'Tweet',
        rest_id: id,
        core: {
          user_results: {
            result: {
              rest_id: String(author),
              legacy: { screen_name: `user${author}`, name: `User ${author}`, followers_count: followers },
            },
          },
        },
        legacy: {
          created_at: new Date(t).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.+) GMT$/, '$1 $3 $2 $5 +0000 $4'),
          full_text: text,
          user_id_str: String(author),
          conversation_id_str: id,
          favorite_count: Math.floor(r() * 300),
          retweet_count: Math.floor(r() * 60),
          reply_count: Math.floor(r() * 20),
          quote_count: Math.floor(r() * 5),
          lang: 'und',
          entities: { hashtags: tags.map((x) => ({ text: x })), user_mentions: [], urls: [] },
        },
        views: { count: String(Math.floor(r() * 10000)), state: 'EnabledWithCount' },
      };
    } else {
      platform = 'threads.net';
      const code = 'D' + ((i * 40503) >>> 0).toString(36) + i.toString(36);
      data = {
        id: `${id}_${author}`,
        pk: id,
        code,
        taken_at: Math.floor(t / 1000),
        caption: { text },
        user: { pk: String(author), username: `user${author}`, full_name: `User ${author}` },
        like_count: Math.floor(r() * 200),
        text_post_app_info: {
          direct_reply_count: Math.floor(r() * 10),
          repost_count: Math.floor(r() * 5),
          quote_count: 0,
          reshare_count: 0,
        },
      };
    }
    const line =
      JSON.stringify({
        nav_index: `1:1:${Math.floor(i / 50)}`,
        item_id: id,
        timestamp_collected: t + 86_400_000,
        source_platform: platform,
        source_platform_url: `https://www.${platform}/explore/tags/`,
        source_url: `https://www.${platform}/api/graphql`,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        data,
      }) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return { bytes };
}
