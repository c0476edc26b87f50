// Reliability under SIGKILL: starts `dauys serve`, drives sustained signing, kills the process with
// SIGKILL mid-load, checks the database's integrity (SQLite integrity_check, PostgreSQL amcheck),
// restarts it, and checks that every signature whose submission got a success response is stored
// with exactly one confirmation mail (and no mail without its signature); then the same for
// confirmations; then that the public count reconciles exactly with the confirmed rows. SQLite by
// default; DAUYS_BENCH_DATABASE_URL=postgres://… for PostgreSQL. Bounded: a few thousand requests
// to 127.0.0.1, stops by itself.
//
//   npm run reliability                     (SQLite)
//   DAUYS_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run reliability
import { sql } from 'kysely';
import {
  configFor,
  csrfOf,
  fakeIp,
  freshTarget,
  preparePetition,
  SECRET,
  serve,
  signBody,
  type Server,
} from '../bench/sign-fixture.ts';
import { emailKeyer } from '../src/components/petition/petition.service.ts';
import { normaliseEmail } from '../src/core/mail/address.ts';
import { createLinkTokens } from '../src/core/privacy/link-tokens.ts';
import { createMailService } from '../src/core/mail/mail.service.ts';
import { createDb } from '../src/db/database.ts';
import { checkIntegrity } from '../src/db/portable.ts';

const WORKERS = 32;
const KILL_AFTER_MS = Number(process.env.KILL_AFTER_MS ?? 2500);
const COUNT_INTERVAL_MS = 1000;

const target = await freshTarget();
const petitionId = await preparePetition(target);
const port = 30000 + Math.floor(Math.random() * 20000);
const env = { PETITION_COUNT_INTERVAL_MS: String(COUNT_INTERVAL_MS) };
const db = createDb(configFor(target));
const failures: string[] = [];
let passed = 0;
const check = (ok: boolean, message: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (ok) passed++;
  else failures.push(message);
};

/** The database right after a SIGKILL, before anything else touches it. */
async function checkAfterKill(when: string) {
  const started = Date.now();
  const report = await checkIntegrity(db);
  console.log(`integrity after the ${when} kill: ${report.checked} (${Date.now() - started} ms)`);
  check(
    report.problems.length === 0,
    `the database is sound after the ${when} kill${report.problems.length ? `: ${report.problems.slice(0, 5).join('; ')}` : ''}`,
  );
}

/** Sends requests from WORKERS loops until the server dies; returns what each request got. */
async function drive(
  server: Server,
  next: () => { path: string; body: string; ip: string } | null,
): Promise<Array<{ path: string; body: string; status: number | 'error' }>> {
  const results: Array<{ path: string; body: string; status: number | 'error' }> = [];
  let alive = true;
  server.child.once('exit', () => (alive = false));
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let item = next(); item && alive; item = next()) {
        try {
          const res = await fetch(server.origin + item.path, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': item.ip },
            body: item.body,
          });
          await res.arrayBuffer();
          results.push({ ...item, status: res.status });
        } catch {
          results.push({ ...item, status: 'error' });
        }
      }
    }),
  );
  return results;
}

try {
  console.log(`Dialect: ${target.dialect}`);
  // 1. Signing, killed mid-load.
  let server = await serve(target, port, env);
  const csrf = await csrfOf(server.origin, `/en/petitions/${petitionId}`);
  let n = 0;
  setTimeout(() => void server.kill(), KILL_AFTER_MS);
  const signed = await drive(server, () =>
    n < 200_000 ? { path: `/en/petitions/${petitionId}/sign`, body: signBody(csrf, n, 'rel'), ip: fakeIp(n++) } : null,
  );
  const accepted = signed.filter((r) => r.status === 303);
  console.log(
    `signing: ${signed.length} requests before SIGKILL, ${accepted.length} answered 303, ${signed.filter((r) => r.status === 'error').length} cut off`,
  );
  check(accepted.length > 100, 'the load was running when the process was killed');
  await checkAfterKill('signing');

  server = await serve(target, port, env);
  const keyOf = emailKeyer(SECRET);
  const keys = accepted.map((r) => keyOf(normaliseEmail(new URLSearchParams(r.body).get('email')!)!.normalised));
  const stored = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const row of await db
      .selectFrom('petition_signatures')
      .select('email_key')
      .where('petition_id', '=', petitionId)
      .where('email_key', 'in', keys.slice(i, i + 500))
      .execute())
      stored.add(row.email_key);
  }
  check(
    keys.every((k) => stored.has(k)),
    `every acknowledged signature is stored (${stored.size}/${keys.length})`,
  );

  // Each signature's confirmation mail is queued in the same transaction as the signature itself.
  const mails = (
    await createMailService({ db, secret: SECRET, smtpUrl: null, from: 'reliability' }).outbox(1_000_000)
  ).filter((m) => m.category === 'petition.confirm');
  const mailsTo = new Map<string, number>();
  for (const m of mails) mailsTo.set(m.to, (mailsTo.get(m.to) ?? 0) + 1);
  const addresses = accepted.map((r) => new URLSearchParams(r.body).get('email')!);
  const wrong = addresses.filter((a) => mailsTo.get(a) !== 1);
  check(
    wrong.length === 0,
    `exactly one confirmation mail per acknowledged signature (${addresses.length - wrong.length}/${addresses.length}${wrong.length ? `; e.g. ${wrong[0]}: ${mailsTo.get(wrong[0]) ?? 0}` : ''})`,
  );
  const signatureIds = new Set(
    (await db.selectFrom('petition_signatures').select('id').where('petition_id', '=', petitionId).execute()).map(
      (r) => r.id,
    ),
  );
  const orphans = mails.filter((m) => !signatureIds.has(/\/petitions\/confirm\/([^.\s]+)\./.exec(m.text)?.[1] ?? ''));
  check(
    orphans.length === 0,
    `every confirmation mail belongs to a stored signature (${mails.length - orphans.length}/${mails.length})`,
  );

  // 2. Confirmations, killed mid-load.
  const rows = await db.selectFrom('petition_signatures').select('id').where('petition_id', '=', petitionId).execute();
  const tokens = createLinkTokens(SECRET);
  let c = 0;
  setTimeout(() => void server.kill(), Math.min(KILL_AFTER_MS, 1500));
  const confirmed = await drive(server, () =>
    c < rows.length
      ? {
          path: `/en/petitions/confirm/${tokens.issue('confirm', rows[c].id)}`,
          body: `_csrf=${encodeURIComponent(csrf)}`,
          ip: fakeIp(c++),
        }
      : null,
  );
  const ackedIds = confirmed.filter((r) => r.status === 303).map((r) => r.path.split('/').pop()!.split('.')[0]);
  console.log(`confirming: ${confirmed.length} requests before SIGKILL, ${ackedIds.length} answered 303`);
  check(ackedIds.length > 0, 'confirmations were running when the process was killed');
  await checkAfterKill('confirmation');

  server = await serve(target, port, env);
  const statusOf = new Map<string, string>();
  for (let i = 0; i < ackedIds.length; i += 500)
    for (const r of await db
      .selectFrom('petition_signatures')
      .select(['id', 'status'])
      .where('id', 'in', ackedIds.slice(i, i + 500))
      .execute())
      statusOf.set(r.id, r.status);
  check(
    ackedIds.every((id) => statusOf.get(id) === 'confirmed'),
    `every acknowledged confirmation is stored (${[...statusOf.values()].filter((s) => s === 'confirmed').length}/${ackedIds.length})`,
  );

  // 3. After one batch interval the public count equals the confirmed rows, overall and by region.
  await new Promise((r) => setTimeout(r, COUNT_INTERVAL_MS * 2 + 500));
  const byRegion = Object.fromEntries(
    (
      await db
        .selectFrom('petition_signatures')
        .select(['region', sql<number>`count(*)`.as('n')])
        .where('petition_id', '=', petitionId)
        .where('status', '=', 'confirmed')
        .where('quarantined', '=', 0)
        .groupBy('region')
        .execute()
    ).map((r) => [r.region, Number(r.n)]),
  );
  const total = Object.values(byRegion).reduce((a, b) => a + b, 0);
  const api = (await (await fetch(`${server.origin}/api/v1/petitions/${petitionId}/count`)).json()) as {
    total: number;
    by_region: Record<string, number>;
  };
  check(api.total === total, `count API ${api.total} = confirmed rows ${total}`);
  check(
    JSON.stringify(Object.entries(api.by_region).sort()) === JSON.stringify(Object.entries(byRegion).sort()),
    'counts by region reconcile',
  );
  const dupes = await db
    .selectFrom('petition_signatures')
    .select(['email_key', sql<number>`count(*)`.as('n')])
    .where('petition_id', '=', petitionId)
    .groupBy('email_key')
    .having(sql`count(*)`, '>', 1)
    .execute();
  check(dupes.length === 0, 'no signature was stored twice');
  await server.stop();
} finally {
  await db.destroy();
  await target.drop();
}
console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
