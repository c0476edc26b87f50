// Observatory benchmark: 10,000 generated records and 50,000 links on the embedded SQLite database
// (on top of the reference dataset), then server time (Fastify's reply.elapsedTime, page cache off)
// for the timeline, the map and a campaign impact page. Target: p95 ≤ 50 ms each.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createApp, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { newId, nowIso, toJson } from '../src/db/portable.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { KINDS, STEPS, SUBTYPES, type EntityInput, type Kind } from '../src/observatory/observatory.model.ts';
import { entityColumns, timelineRows } from '../src/observatory/observatory.service.ts';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const LINKS = Number(process.env.BENCH_LINKS ?? 50_000);
const CAMPAIGNS = 40; // generated, on top of the eleven reference campaigns
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

// A small deterministic generator, so every run measures the same data.
let seed = 42;
const rnd = () => {
  // mulberry32: 32-bit integer arithmetic, so no precision is lost and the sequence does not cycle early.
  let x = (seed = (seed + 0x6d2b79f5) | 0);
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const WORDS = [
  'зорлық',
  'заң',
  'митинг',
  'сот',
  'әйелдер',
  'насилие',
  'закон',
  'суд',
  'марш',
  'violence',
  'law',
  'court',
  'march',
  'petition',
  'Қазақстан',
  'Алматы',
];
const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const date = () => {
  const y = 2000 + Math.floor(rnd() * 25);
  const p = rnd();
  return p < 0.2
    ? String(y)
    : p < 0.5
      ? `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}`
      : `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
};
const tr = (n: number) => Object.fromEntries(LOCALES.map((l) => [l, text(n)]));

const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-obs-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  DAUYS_VAR_DIR: dir,
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  PAGE_CACHE_SECONDS: '0',
});
const services = await createServices(config, { migrate: true, seedIfEmpty: true });
const { db, regions } = services;
const regionCodes = regions.all().map((r) => r.code);

const t0 = performance.now();
for (let i = 0; i < CAMPAIGNS; i++) {
  await services.campaigns.upsertReference(`bench:${i}`, {
    slug: `bench-campaign-${i}`,
    status: 'live',
    startsOn: `${2005 + (i % 19)}`,
    endsOn: null,
    organiser: tr(3),
    title: tr(5),
    summary: tr(20),
    body: tr(60),
    goals: [],
    figures: [],
    uncertainties: [],
    sources: [],
    hashtagGroups: [],
  });
}
const campaignIds = (await services.campaigns.list({ status: 'all', perPage: 100 })).items.map((c) => c.id);

// Records: a realistic mix, most with a region, many with dated steps.
const weights: Array<[Kind, number]> = [
  ['event', 0.3],
  ['case', 0.25],
  ['law', 0.15],
  ['organisation', 0.15],
  ['source', 0.15],
];
const ids: Record<Kind, string[]> = { case: [], law: [], event: [], organisation: [], source: [] };
const dates = new Map<string, string>();
const now = nowIso();
await db.transaction().execute(async (trx) => {
  let entities: Record<string, unknown>[] = [];
  let timeline: Record<string, unknown>[] = [];
  const flush = async () => {
    if (entities.length)
      await trx
        .insertInto('obs_entities')
        .values(entities as never)
        .execute();
    for (let i = 0; i < timeline.length; i += 500)
      await trx
        .insertInto('obs_timeline')
        .values(timeline.slice(i, i + 500) as never)
        .execute();
    entities = [];
    timeline = [];
  };
  for (let i = 0; i < ENTITIES; i++) {
    let r = rnd();
    const kind = weights.find(([, w]) => (r -= w) < 0)?.[0] ?? 'event';
    const start = kind === 'organisation' && rnd() < 0.5 ? null : date();
    const steps =
      STEPS[kind].length && start
        ? Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => ({
            step: pick(STEPS[kind]),
            date: `${Number(start.slice(0, 4)) + k + 1}`,
            note: tr(6),
          }))
        : [];
    const input: EntityInput = {
      kind,
      slug: `bench-${kind}-${i}`,
      subtype: SUBTYPES[kind].length ? pick(SUBTYPES[kind]) : null,
      title: tr(7),
      summary: tr(30),
      body: tr(80),
      region: kind !== 'source' && rnd() < 0.8 ? pick(regionCodes) : null,
      place: tr(1),
      dateStart: start,
      dateEnd: null,
      details:
        kind === 'event'
          ? {
              organiser: tr(2),
              permit: { status: pick(['approved', 'denied', 'applied'] as const), reason: {}, decidedOn: null },
              participants: { min: 10, max: 500 },
              figures: [],
            }
          : kind === 'source'
            ? { ref: `B${i}`, publisher: text(2), url: `https://example.org/${i}`, language: 'ru', authors: [] }
            : {},
      steps,
      uncertainties: rnd() < 0.3 ? [tr(10)] : [],
    };
    const id = newId();
    ids[kind].push(id);
    if (start) dates.set(id, start);
    entities.push({
      id,
      ...entityColumns(input, regions),
      status: 'published',
      pending: null,
      pending_by: null,
      pending_at: null,
      reference_key: null,
      reference_hash: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      published_at: now,
    });
    timeline.push(...timelineRows(id, input, true));
    if (entities.length === 200) await flush();
  }
  await flush();
});

// Links: citations, campaign links and links between records, none duplicated.
const story = [...ids.case, ...ids.law, ...ids.event, ...ids.organisation];
const seen = new Set<string>();
const links: Record<string, unknown>[] = [];
const add = (fromType: string, from: string, relation: string, toType: string, to: string) => {
  const key = `${from}|${relation}|${to}`;
  if (from === to || seen.has(key) || links.length >= LINKS) return;
  seen.add(key);
  links.push({
    id: newId(),
    from_type: fromType,
    from_id: from,
    relation,
    to_type: toType,
    to_id: to,
    note: toJson(rnd() < 0.5 ? tr(8) : {}),
    approved: 1,
    reference_key: null,
    created_by: null,
    created_at: now,
  });
};
for (const id of story)
  for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) add('entity', id, 'cites', 'entity', pick(ids.source));
for (const cid of campaignIds)
  for (let k = 0; k < 100; k++)
    rnd() < 0.5
      ? add('entity', pick(story), 'sparked', 'campaign', cid)
      : add(
          'campaign',
          cid,
          pick(['sparked', 'organised_by']) === 'organised_by' ? 'organised_by' : 'sparked',
          'entity',
          pick(rnd() < 0.2 ? ids.organisation : story),
        );
while (links.length < LINKS) {
  const a = pick(story);
  const b = pick(story);
  const older = (dates.get(a) ?? '') <= (dates.get(b) ?? '') ? [a, b] : [b, a];
  const r = rnd();
  if (r < 0.15) add('entity', pick(ids.event), 'organised_by', 'entity', pick(ids.organisation));
  else
    add(
      'entity',
      older[r < 0.5 ? 0 : 1],
      r < 0.5 ? pick(['preceded', 'sparked']) : 'responded_to',
      'entity',
      older[r < 0.5 ? 1 : 0],
    );
}
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < links.length; i += 500)
    await trx
      .insertInto('obs_links')
      .values(links.slice(i, i + 500) as never)
      .execute();
});
const generated = Math.round(performance.now() - t0);

// The campaign with the most linked records: the heaviest impact page.
const counts = new Map<string, number>();
for (const l of links)
  for (const end of [l.from_id, l.to_id] as string[])
    if (campaignIds.includes(end)) counts.set(end, (counts.get(end) ?? 0) + 1);
const [bigId, bigLinks] = [...counts].sort((a, b) => b[1] - a[1])[0];
const big = await services.campaigns.getById(bigId);
// A module's signal on the impact page: a year of daily counts.
services.observatory.registerSignal('bench-signatures', {
  labelKey: 'campaign.figures',
  series: async () =>
    Array.from({ length: 365 }, (_, d) => ({
      date: new Date(Date.UTC(2019, 0, 1 + d)).toISOString().slice(0, 10),
      value: d * 37,
    })),
});

const app = await createApp(services);
const times: number[] = [];
app.addHook('onResponse', async (_req, reply) => void times.push(reply.elapsedTime));
await app.ready();

async function measure(urls: string[]): Promise<{ p50: number; p95: number; max: number; bytes: number }> {
  for (let i = 0; i < 20; i++) await app.inject(urls[i % urls.length]); // warm up
  times.length = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const res = await app.inject(urls[i % urls.length]);
    if (res.statusCode !== 200) throw new Error(`${urls[i % urls.length]}: ${res.statusCode}`);
    bytes = Math.max(bytes, res.body.length);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
  return { p50: q(0.5), p95: q(0.95), max: q(1), bytes };
}

const timelineUrls = LOCALES.flatMap((l) => [
  `/${l}/observatory/timeline`,
  `/${l}/observatory/timeline?kind=event`,
  `/${l}/observatory/timeline?region=KZ-75`,
  `/${l}/observatory/timeline?year=2019&order=asc`,
  `/${l}/observatory/timeline?campaign=${big.slug}`,
  `/${l}/observatory/timeline?kind=case&region=KZ-71&year=2015`,
  `/${l}/observatory/timeline?page=40`,
]);
const mapUrls = LOCALES.flatMap((l) =>
  ['all', 'event', 'case', 'organisation'].map((layer) => `/${l}/observatory/map?layer=${layer}`),
);
const impactUrls = LOCALES.map((l) => `/${l}/observatory/impact/${big.slug}`);

const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
const timeline = await measure(timelineUrls);
const map = await measure(mapUrls);
const impact = await measure(impactUrls);
const stored = await services.observatory.counts();
const totalLinks = (await services.observatory.publicLinks({ limit: 1, offset: 0 })).total;

console.log(
  `Data: ${Object.values(stored).reduce((a, b) => a + b, 0)} published records (${KINDS.map((k) => `${stored[k] ?? 0} ${k}`).join(', ')}), ${totalLinks} public links, ${campaignIds.length} campaigns; generated in ${generated} ms`,
);
console.log(
  `Server time (reply.elapsedTime, page cache off, ${RUNS} requests each after 20 warm-up, SQLite; load average ${load}${Number(load.split(' ')[0]) > 1.5 ? ' — other developers share this CPU' : ''}):`,
);
console.log(
  `timeline (7 filter mixes × 3 languages)  p50 ${timeline.p50} ms  p95 ${timeline.p95} ms  max ${timeline.max} ms  page ≤ ${(timeline.bytes / 1024).toFixed(1)} KB`,
);
console.log(
  `map (4 layers × 3 languages)             p50 ${map.p50} ms  p95 ${map.p95} ms  max ${map.max} ms  page ≤ ${(map.bytes / 1024).toFixed(1)} KB`,
);
console.log(
  `impact /${big.slug} (${bigLinks} links, 365-day signal)  p50 ${impact.p50} ms  p95 ${impact.p95} ms  max ${impact.max} ms  page ≤ ${(impact.bytes / 1024).toFixed(1)} KB`,
);
console.log(`Target: p95 ≤ 50 ms each — ${[timeline, map, impact].every((m) => m.p95 <= 50) ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'observatory',
    entities: stored,
    links: totalLinks,
    load_average: load,
    timeline,
    map,
    impact: { ...impact, campaign_links: bigLinks },
    targets_met: [timeline, map, impact].every((m) => m.p95 <= 50),
  }),
);

await app.close();
await closeServices(services);
rmSync(dir, { recursive: true, force: true });
