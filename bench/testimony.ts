// Testimony benchmark: (1) in headless Chromium, the time to seal a 10 KB testimony, to strip and
// encrypt a 5 MB attachment, and to derive the receipt keys (Argon2id); (2) against `dauys serve`
// on SQLite, browser-mode submissions per second and follow-up lookups per second (each lookup
// costs the server one Argon2id hash), each request with its own solved proof of work. Distinct
// X-Forwarded-For values (TRUST_PROXY=true) stand in for distinct visitors, so the per-address
// limits do not stop the run; the global limits are reported as what an attacker gets.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createServices } from '../src/boot.ts';
import {
  fromB64,
  newReceipt,
  ready,
  receiptKeys,
  receiptSeed,
  seal,
  toB64,
} from '../src/components/testimony/crypto.ts';
import { loadConfig } from '../src/config.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { startServer } from './server.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ms = (n: number) => Math.round(n * 10) / 10;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// 1. Chromium ------------------------------------------------------------------------------------
const bundle = await build({
  stdin: {
    contents: `import * as c from './src/components/testimony/crypto.ts'; import * as m from './src/core/file-metadata.ts'; (globalThis as any).bench = { ...c, ...m };`,
    resolveDir: join(import.meta.dirname, '..'),
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'iife',
  minify: true,
  logLevel: 'silent',
});
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto('about:blank');
await page.addScriptTag({ content: bundle.outputFiles[0].text });
// Passed as text: tsx would otherwise add its own helpers to the function's source.
const browserFigures = (await page.evaluate(`(async () => {
  const b = globalThis.bench;
  const s = await b.ready();
  const org = s.crypto_box_keypair();
  const text = 'Мен бәрін айтқым келеді. '.repeat(400).slice(0, 10240);
  const runs = (f, n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      f();
      out.push(performance.now() - t0);
    }
    return out.sort((a, c) => a - c)[Math.floor(n / 2)];
  };
  const big = new Uint8Array(5 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
  big.set([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 0); // a JPEG header with an EXIF segment, so stripping has work
  big.set([0xff, 0xda, 0x00, 0x04], 20);
  return {
    seal10k: runs(() => b.seal(JSON.stringify({ v: 1, story: text }), org.publicKey, s), 20),
    encrypt5m: runs(() => b.encryptFile(big, s), 7),
    stripEncrypt5m: runs(() => b.encryptFile(b.stripMetadata(big, 'image/jpeg'), s), 7),
    receipt: runs(() => b.receiptKeys(b.receiptSeed('1234567812345678', s), s), 5),
  };
})()`)) as { seal10k: number; encrypt5m: number; stripEncrypt5m: number; receipt: number };
await browser.close();

// 2. The server ----------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-testimony-'));
const env = {
  DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  DAUYS_VAR_DIR: dir,
  TRUST_PROXY: 'true',
  LOG_LEVEL: 'warn',
};
const s = await ready();
const org = s.crypto_box_keypair();
{
  // Prepare the database as an admin's browser would leave it: an organisation public key.
  const services = await createServices(loadConfig({ ...process.env, ...env }), { migrate: true });
  await services.db
    .insertInto('testimony_org_keys')
    .values({
      id: randomUUID(),
      public_key: toB64(org.publicKey),
      previous_key_id: null,
      previous_sealed: null,
      status: 'active',
      created_by: 'bench',
      created_at: new Date().toISOString(),
    })
    .execute();
  await closeServices(services);
}
const server = await startServer(env);
let ip = 0;
const nextIp = () => `10.${(++ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
const decode = (h: string) => h.replace(/&quot;/g, '"').replace(/&amp;/g, '&');

async function form(path: string) {
  const html = await (await fetch(server.origin + path)).text();
  const challenge = decode(/name="pow_challenge" value="([^"]+)"/.exec(html)![1]);
  const solved = await solveChallenge({ challenge: JSON.parse(challenge), deriveKey });
  return {
    html,
    csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1],
    challenge,
    solution: JSON.stringify({ counter: solved!.counter, derivedKey: solved!.derivedKey }),
  };
}

async function pool<T>(
  items: T[],
  run: (item: T) => Promise<number>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) latencies.push(await run(items[next++]));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    perSecond: Math.round((items.length / seconds) * 10) / 10,
    p50: ms(pct(latencies, 50)),
    p99: ms(pct(latencies, 99)),
  };
}

try {
  // Prepared outside the timed part: each request's form, solved challenge, receipt and ciphertext.
  const story = 'x'.repeat(10_240);
  const subs: Array<{ body: FormData; lookup: string }> = [];
  for (let i = 0; i < SUBMISSIONS; i++) {
    const f = await form('/en/tell');
    const keys = receiptKeys(receiptSeed(newReceipt(s), s), s);
    const keyId = /data-key-id="([^"]+)"/.exec(f.html)![1];
    const body = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: f.csrf,
      mode: 'browser',
      key_id: keyId,
      lookup: keys.lookup,
      survivor_pk: toB64(keys.publicKey),
      envelope: seal(JSON.stringify({ v: 1, story }), fromB64(/data-org-key="([^"]+)"/.exec(f.html)![1]), s),
      consent: 'statistics',
      referral: '0',
      pow_challenge: f.challenge,
      pow_solution: f.solution,
    }))
      body.set(k, v);
    subs.push({ body, lookup: keys.lookup });
  }
  const submissions = await pool(subs, async (sub) => {
    const t0 = performance.now();
    const res = await fetch(server.origin + '/en/tell', {
      method: 'POST',
      body: sub.body,
      headers: { 'x-forwarded-for': nextIp() },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`submission: ${res.status}`);
    return performance.now() - t0;
  });

  const looks: Array<URLSearchParams> = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const f = await form('/en/tell/follow-up');
    looks.push(
      new URLSearchParams({
        _csrf: f.csrf,
        pow_challenge: f.challenge,
        pow_solution: f.solution,
        lookup: subs[i % subs.length].lookup,
      }),
    );
  }
  const lookups = await pool(looks, async (body) => {
    const t0 = performance.now();
    const res = await fetch(server.origin + '/en/tell/follow-up', {
      method: 'POST',
      body,
      headers: { 'x-forwarded-for': nextIp() },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`lookup: ${res.status}`);
    return performance.now() - t0;
  });

  // What the rate limits leave an attacker who guesses receipts (see tell.routes.tsx).
  const perAddress = 20 / (15 * 60);
  const global = 1800 / (15 * 60);
  const live = 10_000;
  const years = 1e16 / live / global / (365 * 86400);
  const realLookup = browserFigures.receipt + lookups.p50;

  console.log('Chromium (headless, this machine):');
  console.log(`  seal a 10 KB testimony            ${ms(browserFigures.seal10k)} ms`);
  console.log(
    `  encrypt a 5 MB attachment         ${ms(browserFigures.encrypt5m)} ms (target ≤ 300 ms); with metadata stripping ${ms(browserFigures.stripEncrypt5m)} ms`,
  );
  console.log(`  derive receipt keys (Argon2id)    ${ms(browserFigures.receipt)} ms`);
  console.log(`Server (dauys serve, SQLite, ${CONCURRENCY} concurrent clients on loopback):`);
  console.log(
    `  submissions (10 KB, browser mode) ${submissions.perSecond}/s  p50 ${submissions.p50} ms  p99 ${submissions.p99} ms  (${SUBMISSIONS} requests)`,
  );
  console.log(
    `  follow-up lookups (Argon2id)      ${lookups.perSecond}/s  p50 ${lookups.p50} ms  p99 ${lookups.p99} ms  (${LOOKUPS} requests)`,
  );
  console.log(
    `  a real lookup: ${ms(browserFigures.receipt)} ms in the browser + ${lookups.p50} ms on the server = ${ms(realLookup)} ms (target ≤ 500 ms)`,
  );
  console.log(
    `Guessing: ${perAddress.toFixed(3)} guesses/s per address, at most ${global} guesses/s in all through the global limit,`,
  );
  console.log(
    `  each with a proof of work; with ${live} live receipts among 10^16, a first hit takes ~${Math.round(years).toLocaleString('en')} years.`,
  );
  console.log(
    JSON.stringify({
      bench: 'testimony',
      browser_ms: {
        seal_10kb: ms(browserFigures.seal10k),
        encrypt_5mb: ms(browserFigures.encrypt5m),
        strip_encrypt_5mb: ms(browserFigures.stripEncrypt5m),
        receipt_keys: ms(browserFigures.receipt),
      },
      submissions,
      lookups,
      real_lookup_ms: ms(realLookup),
      guesses_per_second: { per_address: Number(perAddress.toFixed(4)), global },
      targets_met: browserFigures.encrypt5m <= 300 && realLookup <= 500,
    }),
  );
} finally {
  await server.stop();
}
