// Pages benchmark: the campaign page and the home page under load on loopback, against a static
// file of the same size served by the same server in the same run (the baseline), plus the
// transferred size of every public page (HTML + CSS + JS).
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
}

async function pageWeight(origin: string, path: string): Promise<number> {
  const html = await (await fetch(origin + path)).text();
  let total = Buffer.byteLength(html);
  for (const m of html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:css|js))"/g))
    total += (await (await fetch(origin + m[1])).arrayBuffer()).byteLength;
  return total;
}

// Size the baseline file like the campaign page, from a first run of the server.
const probe = await startServer();
const campaignPath = '/en/campaigns/changethelaw';
const pageBytes = Buffer.byteLength(await (await fetch(probe.origin + campaignPath)).text());
await probe.stop();
const siteDir = join(probe.dir, 'site');
mkdirSync(siteDir, { recursive: true });
writeFileSync(join(siteDir, 'baseline.html'), 'x'.repeat(pageBytes));

// The same page with the page cache switched off: what one render costs (database reads + preact).
const uncachedServer = await startServer({ PAGE_CACHE_SECONDS: '0' });
await fetch(uncachedServer.origin + campaignPath);
const uncached = await load(uncachedServer.origin + campaignPath);
await uncachedServer.stop();

const server = await startServer({ DAUYS_SITE_DIR: siteDir });
try {
  const { origin } = server;
  for (const u of [campaignPath, '/en/', '/site/baseline.html']) await fetch(origin + u); // warm up
  const baseline = await load(origin + '/site/baseline.html');
  const campaign = await load(origin + campaignPath);
  const home = await load(origin + '/en/');
  const again = await load(origin + '/site/baseline.html'); // baseline again: no order advantage
  const weights: Record<string, number> = {};
  for (const l of ['kk', 'ru', 'en'])
    for (const p of [
      '/',
      '/campaigns',
      '/campaigns/nemolchi',
      '/campaigns/changethelaw',
      '/campaigns/forsaltanat',
      '/about',
      '/admin/login',
    ])
      weights[`/${l}${p}`] = await pageWeight(origin, `/${l}${p}`);
  const heaviest = Object.entries(weights).sort((a, b) => b[1] - a[1])[0];
  const base = Math.max(baseline.rps, again.rps);
  const ratio = Math.round((campaign.rps / base) * 100) / 100;

  console.log(
    `Load: ${CONNECTIONS} connections, ${DURATION} s each, autocannon on loopback, SQLite, page size ${pageBytes} B`,
  );
  console.log(
    `static baseline  ${String(baseline.rps).padStart(7)} req/s  p50 ${baseline.p50} ms  p99 ${baseline.p99} ms  (again after: ${again.rps} req/s; the higher counts)`,
  );
  console.log(
    `campaign page    ${String(campaign.rps).padStart(7)} req/s  p50 ${campaign.p50} ms  p99 ${campaign.p99} ms  (${ratio} of baseline; target ≥ 5000 req/s and ≥ 0.5)`,
  );
  console.log(`campaign page, page cache off ${uncached.rps} req/s  p50 ${uncached.p50} ms  p99 ${uncached.p99} ms`);
  console.log(`home page        ${String(home.rps).padStart(7)} req/s  p50 ${home.p50} ms  p99 ${home.p99} ms`);
  console.log(
    `heaviest public page: ${heaviest[0]} ${(heaviest[1] / 1024).toFixed(1)} KB with CSS and JS (target ≤ 60 KB)`,
  );
  console.log(
    JSON.stringify({
      bench: 'pages',
      page_bytes: pageBytes,
      baseline,
      campaign,
      campaign_uncached: uncached,
      home,
      ratio,
      heaviest_page: { path: heaviest[0], bytes: heaviest[1] },
      targets_met: campaign.rps >= 5000 && ratio >= 0.5 && heaviest[1] <= 60 * 1024,
    }),
  );
} finally {
  await server.stop();
}
