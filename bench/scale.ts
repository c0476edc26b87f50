// Several processes on PostgreSQL: the petition page and signing, served by one `dauys serve`
// process and by `dauys serve --workers 2`, on fresh PostgreSQL databases, side by side in one run
// (and by two workers with the shared counters in Redis, when one answers). The load generator runs
// on the same machine: on two cores it takes a core's share of its own, which caps what a second
// web process can add.
import autocannon from 'autocannon';
import { redisAnswers } from '../test/helpers/redis.ts';
import { csrfOf, fakeIp, freshTarget, preparePetition, serve, signBody, type Target } from './sign-fixture.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const PAGE_CONNECTIONS = 16;
const SIGN_CONNECTIONS = 32;
process.env.DAUYS_BENCH_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
if (!process.env.DAUYS_BENCH_DATABASE_URL.startsWith('postgres')) {
  console.error('bench scale runs on PostgreSQL (DAUYS_BENCH_DATABASE_URL=postgres://…)');
  process.exit(2);
}
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Figures {
  label: string;
  page: number;
  pageP99: number;
  signed: number;
  signP99: number;
  errors: number;
}

let tag = 0;
async function measure(label: string, workers: number, env: Record<string, string> = {}): Promise<Figures> {
  const target: Target = await freshTarget();
  try {
    const petitionId = await preparePetition(target);
    const port = 30000 + Math.floor(Math.random() * 20000);
    const server = await serve(target, port, env, [], workers > 1 ? ['--workers', String(workers)] : []);
    try {
      const pagePath = `/en/petitions/${petitionId}`;
      const csrf = await csrfOf(server.origin, pagePath);
      for (let i = 0; i < 200; i++) await (await fetch(server.origin + pagePath)).arrayBuffer();
      const page = await autocannon({
        url: server.origin + pagePath,
        connections: PAGE_CONNECTIONS,
        duration: DURATION,
      });
      let n = 0;
      let ok = 0;
      const t = `w${workers}-${tag++}`;
      const sign = await autocannon({
        url: server.origin,
        connections: SIGN_CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            path: `/en/petitions/${petitionId}/sign`,
            setupRequest: (req) => {
              const i = n++;
              return {
                ...req,
                headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': fakeIp(i) },
                body: signBody(csrf, i, t),
              };
            },
            onResponse: (status) => {
              if (status === 303) ok++;
            },
          },
        ],
      });
      return {
        label,
        page: Math.round(page.requests.average),
        pageP99: page.latency.p99,
        signed: Math.round(ok / DURATION),
        signP99: sign.latency.p99,
        errors: page.errors + sign.errors + page.non2xx,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}

const runs: Figures[] = [];
runs.push(await measure('1 process', 1));
runs.push(await measure('2 processes (--workers 2)', 2));
if (await redisAnswers(REDIS)) runs.push(await measure('2 processes, counters in Redis', 2, { REDIS_URL: REDIS }));
else console.log(`(no Redis at ${REDIS}: the Redis column is left out)`);

console.log(
  `PostgreSQL, ${DURATION} s per figure, autocannon on loopback on the same machine (${PAGE_CONNECTIONS} page / ${SIGN_CONNECTIONS} signing connections); cores: ${(await import('node:os')).availableParallelism()}, load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('                                   petition page /s   p99 ms   signatures accepted /s   p99 ms');
for (const r of runs)
  console.log(
    `${r.label.padEnd(34)} ${String(r.page).padStart(16)} ${String(r.pageP99).padStart(8)} ${String(r.signed).padStart(24)} ${String(r.signP99).padStart(8)}${r.errors ? `   (${r.errors} errors)` : ''}`,
  );
const [one, two] = runs;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
console.log(`ratio 2 : 1 processes — page ${ratio(two.page, one.page)}×, signing ${ratio(two.signed, one.signed)}×`);
console.log(
  JSON.stringify({
    bench: 'scale',
    runs,
    pageRatio: ratio(two.page, one.page),
    signRatio: ratio(two.signed, one.signed),
  }),
);
