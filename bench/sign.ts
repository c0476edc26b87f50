// Sign benchmark: valid, unique signatures submitted to one petition on loopback while the petition
// page is loaded at the same time; then confirmations; then a trivial route as the ceiling; then
// the displayed count is checked against the confirmed rows after one batch interval.
// SQLite by default; DAUYS_BENCH_DATABASE_URL=postgres://… runs it on a fresh PostgreSQL database.
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDb } from '../src/db/database.ts';
import { createLinkTokens } from '../src/core/privacy/link-tokens.ts';
import { configFor, csrfOf, fakeIp, freshTarget, preparePetition, SECRET, serve, signBody } from './sign-fixture.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SIGN_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PAGE_CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 16);
const COUNT_INTERVAL_MS = 2000;
/** Signatures per second sent while the page is measured: the target (≈ 90× the UK site's worst-day peak). */
const SIGN_RATE = Number(process.env.BENCH_SIGN_RATE ?? 3000);
/** A second, steadier load for the page: 30× the UK site's worst-day peak of ~33 signatures/s. */
const STEADY_RATE = 1000;

const target = await freshTarget();
const petitionId = await preparePetition(target);
const server = await serve(target, 30000 + Math.floor(Math.random() * 20000), {
  PETITION_COUNT_INTERVAL_MS: String(COUNT_INTERVAL_MS),
});
const { origin } = server;
const pagePath = `/en/petitions/${petitionId}`;
const db = createDb(configFor(target));

const stats = (r: autocannon.Result) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  total: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
});

try {
  const csrf = await csrfOf(origin, pagePath);
  for (let i = 0; i < 200; i++) await fetch(origin + pagePath); // warm up

  let n = 0;
  let ok = 0;
  const signRequest = (tag: string) => [
    {
      method: 'POST' as const,
      path: `/en/petitions/${petitionId}/sign`,
      setupRequest: (req: autocannon.Request) => {
        const i = n++;
        return {
          ...req,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': fakeIp(i) },
          body: signBody(csrf, i, tag),
        };
      },
      onResponse: (status: number) => {
        if (status === 303) ok++;
      },
    },
  ];
  // 1. Signing alone, as fast as the server takes it (closed loop): throughput and latency.
  const sign = stats(
    await autocannon({ url: origin, connections: SIGN_CONNECTIONS, duration: DURATION, requests: signRequest('max') }),
  );
  // 2. The petition page at full speed: alone, then while signatures keep arriving (open loop) at
  // a steady 1,000/s and at the target rate (or 90 % of what step 1 reached, if lower).
  const pageAlone = stats(
    await autocannon({ url: origin + pagePath, connections: PAGE_CONNECTIONS, duration: DURATION }),
  );
  const pageWhile = async (rate: number, tag: string) => {
    const [signing, page] = await Promise.all([
      autocannon({
        url: origin,
        connections: SIGN_CONNECTIONS,
        duration: DURATION,
        overallRate: rate,
        requests: signRequest(tag),
      }),
      autocannon({ url: origin + pagePath, connections: PAGE_CONNECTIONS, duration: DURATION }),
    ]);
    return { ...stats(page), offered: rate, signing: stats(signing) };
  };
  const loadRate = Math.min(SIGN_RATE, Math.max(100, Math.round(sign.rps * 0.9)));
  const pageSteady = await pageWhile(Math.min(STEADY_RATE, loadRate), 'steady');
  const pageRun = await pageWhile(loadRate, 'mixed');

  // Confirmations: each signature's own link, posted as the confirm page's button does.
  const rows = await db.selectFrom('petition_signatures').select('id').where('petition_id', '=', petitionId).execute();
  const tokens = createLinkTokens(SECRET);
  const paths = rows.map((r) => `/en/petitions/confirm/${tokens.issue('confirm', r.id)}`);
  let c = 0;
  const confirmRun = await autocannon({
    url: origin,
    connections: SIGN_CONNECTIONS,
    amount: paths.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: paths[c++ % paths.length],
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `_csrf=${encodeURIComponent(csrf)}`,
        }),
      },
    ],
  });
  const confirm = stats(confirmRun);

  const trivial = stats(
    await autocannon({ url: origin + '/robots.txt', connections: PAGE_CONNECTIONS, duration: Math.min(DURATION, 5) }),
  );

  // One batch interval (plus the page cache's own lifetime for the page) later, the count shown must equal the rows.
  await new Promise((r) => setTimeout(r, COUNT_INTERVAL_MS + 1500));
  const confirmed = Number(
    (
      await db
        .selectFrom('petition_signatures')
        .select(sql<number>`count(*)`.as('n'))
        .where('petition_id', '=', petitionId)
        .where('status', '=', 'confirmed')
        .where('quarantined', '=', 0)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const api = (await (await fetch(`${origin}/api/v1/petitions/${petitionId}/count`)).json()) as { total: number };
  const quarantined = Number(
    (
      await db
        .selectFrom('petition_signatures')
        .select(sql<number>`count(*)`.as('n'))
        .where('petition_id', '=', petitionId)
        .where('quarantined', '=', 1)
        .executeTakeFirstOrThrow()
    ).n,
  );

  console.log(
    `Dialect: ${target.dialect}; durable writes (SQLite WAL + synchronous=FULL, or PostgreSQL commits); ${SIGN_CONNECTIONS} signing connections and ${PAGE_CONNECTIONS} page connections, ${DURATION} s, autocannon on loopback, same machine`,
  );
  const errors = sign.errors + pageSteady.signing.errors + pageRun.signing.errors;
  console.log(
    `signature submissions ${String(sign.rps).padStart(6)} /s  p50 ${sign.p50} ms  p99 ${sign.p99} ms  (signing alone; ${ok} stored with 303 over all phases, ${errors} errors; target ≥ 3000/s on SQLite)`,
  );
  console.log(
    `petition page alone   ${String(pageAlone.rps).padStart(6)} /s  p50 ${pageAlone.p50} ms  p99 ${pageAlone.p99} ms`,
  );
  for (const p of [pageSteady, pageRun]) {
    console.log(
      `petition page         ${String(p.rps).padStart(6)} /s  p50 ${p.p50} ms  p99 ${p.p99} ms  (while ${p.signing.rps} signatures/s arrive, offered ${p.offered}/s, p99 ${p.signing.p99} ms; target ≥ 10000/s)`,
    );
  }
  console.log(
    `confirmations         ${String(confirm.rps).padStart(6)} /s  p50 ${confirm.p50} ms  p99 ${confirm.p99} ms  (${rows.length} signatures)`,
  );
  console.log(
    `trivial route ceiling ${String(trivial.rps).padStart(6)} /s  p50 ${trivial.p50} ms  p99 ${trivial.p99} ms  (/robots.txt)`,
  );
  console.log(
    `count after one batch interval: API ${api.total}, confirmed rows ${confirmed} → ${api.total === confirmed ? 'equal' : 'DIFFERENT'}; quarantined ${quarantined}`,
  );
  console.log(
    JSON.stringify({
      bench: 'sign',
      dialect: target.dialect,
      seconds: DURATION,
      submissions: { ...sign, stored: ok },
      page: { alone: pageAlone, while_steady_signing: pageSteady, while_signing: pageRun },
      confirmations: confirm,
      trivial,
      count: { api: api.total, rows: confirmed, equal: api.total === confirmed },
      targets_met:
        (target.dialect !== 'sqlite' || sign.rps >= 3000) && pageRun.rps >= 10_000 && api.total === confirmed,
    }),
  );
} finally {
  await db.destroy();
  await server.stop();
  await target.drop();
}
