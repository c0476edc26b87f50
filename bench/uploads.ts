// Upload memory benchmark: can anyone buy the server's memory? `dauys serve` runs in its own
// process on a fresh SQLite database; its resident memory (VmRSS in /proc/<pid>/status, sampled
// every 10 ms) is measured at rest, then the peak rise (over the RSS just before; memory a phase
// takes is not given back, so also over the RSS at start) while 20 and then 40 clients each send a
// 50 MB multipart upload to /en/tell with a junk CSRF token and proof of work (five 10 MB files,
// the most the form takes), then while 1 and 20 clients without a session send 50 MB each to
// /en/admin/recipients/import (nine 2 MB text fields, then a 32 MB file: the most its limits let
// in, and more). Every client sends its whole body, as a hostile one would, on a raw socket
// (Node's HTTP client stops writing once answered), unless the server closes the connection.
// Last, 20 clients send valid no-JavaScript testimonies with five 10 MB JPEGs each (a fresh form
// and an address of their own apiece, as the rate limits require): what gets past every check.
// Target: 20 concurrent unauthenticated uploads raise the RSS by at most 150 MB.
// BENCH_BASELINE_REF=<git ref> measures that commit too, in the same run (exported with `git
// archive` to a temp directory that shares this checkout's node_modules), and prints both.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkoutRef } from './baseline.ts';
import { closeServices, createServices } from '../src/boot.ts';
import { ready, toB64 } from '../src/components/testimony/crypto.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from './server.ts';

const MB = 1024 * 1024;
const TARGET_MB = 150;
const TELL = '/en/tell';
const IMPORT = '/en/admin/recipients/import';
type Kind = 'junk' | 'valid' | 'import';
const PHASES: Array<{ name: string; kind: Kind; clients: number }> = [
  { name: 'tell, 20 junk-token uploads', kind: 'junk', clients: 20 },
  { name: 'tell, 40 junk-token uploads', kind: 'junk', clients: 40 },
  { name: 'import, 1 anonymous upload', kind: 'import', clients: 1 },
  { name: 'import, 20 anonymous uploads', kind: 'import', clients: 20 },
  { name: 'tell, 20 valid no-JS uploads', kind: 'valid', clients: 20 },
];

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n);

async function restingRss(pid: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 10; i++, await sleep(100)) xs.push(rssMb(pid));
  return xs.sort((a, b) => a - b)[5];
}

/** A multipart body as text, bytes and runs of filler, so 50 MB never sits in the client's memory. */
type Body = Array<string | Buffer | number>;

/** What a JPEG needs for the server to take it (and strip its metadata); the rest is scan data. */
const EXIF = Buffer.from('Exif\0\0GPS 43.2389 N 76.8897 E');
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, EXIF.length + 2, ...EXIF, 0xff, 0xda, 0, 4, 1, 2]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

/** The form a visitor gets: its CSRF token and (unsolved: the no-JavaScript path) proof-of-work challenge. */
async function freshForm(origin: string): Promise<{ csrf: string; challenge: string }> {
  const html = await (await fetch(origin + TELL)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const challenge = /name="pow_challenge" value="([^"]+)"/
    .exec(html)![1]
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { csrf, challenge };
}

function body(
  kind: Kind,
  scale: number,
  form?: { csrf: string; challenge: string },
): { boundary: string; parts: Body } {
  const boundary = '----dauysbench' + Math.random().toString(16).slice(2);
  const field = (name: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`;
  const file = (name: string) =>
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  const parts: Body = [
    `${field('_csrf')}${form?.csrf ?? 'junk'}\r\n${field('pow_challenge')}${form?.challenge ?? 'junk'}\r\n${field('story')}x\r\n${field('consent')}private`,
  ];
  const size = Math.round(10 * MB * scale);
  if (kind === 'import') {
    for (let i = 0; i < 9; i++) parts.push(`\r\n${field(`f${i}`)}`, Math.round(1_999_000 * scale));
    parts.push(file('file'), Math.round(32 * MB * scale));
  } else
    for (let i = 0; i < 5; i++)
      parts.push(file('attachments'), JPEG_HEAD, size - JPEG_HEAD.length - JPEG_END.length, JPEG_END);
  parts.push(`\r\n--${boundary}--\r\n`);
  return { boundary, parts };
}

interface Sent {
  status: number;
  /** The answer arrived before the client had sent its whole body. */
  early: boolean;
  ms: number;
}

/** One client: its body as fast as the server takes it; done when sent and answered, or cut off. */
function upload(
  origin: string,
  kind: Kind,
  scale = 1,
  form?: { csrf: string; challenge: string },
  from = '127.0.0.1',
): Promise<Sent> {
  const { hostname, port } = new URL(origin);
  const path = kind === 'import' ? IMPORT : TELL;
  const { boundary, parts } = body(kind, scale, form);
  const total = parts.reduce<number>((n, p) => n + (typeof p === 'number' ? p : Buffer.byteLength(p)), 0);
  const t0 = performance.now();
  return new Promise((resolve) => {
    let allSent = false;
    const out: Sent = { status: 0, early: false, ms: 0 };
    const socket = connect(Number(port), hostname);
    const finish = () => (out.status && allSent ? socket.destroy() : undefined);
    socket.on('data', (d: Buffer) => {
      if (out.status) return;
      out.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? -1);
      out.early = !allSent;
      out.ms = performance.now() - t0;
      finish();
    });
    // Answered early, the server reads and drops the rest for a few seconds, then may close.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(out));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nX-Forwarded-For: ${from}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${total}\r\n\r\n`,
    );
    const filler = Buffer.alloc(64 * 1024, 0x61);
    let i = 0;
    let left = 0;
    const pump = () => {
      while (!socket.destroyed) {
        if (left === 0) {
          if (i === parts.length) break;
          const p = parts[i++];
          if (typeof p === 'number') left = p;
          else if (!socket.write(p)) return void socket.once('drain', pump);
          continue;
        }
        const n = Math.min(left, filler.length);
        left -= n;
        if (!socket.write(filler.subarray(0, n))) return void socket.once('drain', pump);
      }
      if (!socket.destroyed)
        socket.write('', () => {
          allSent = true;
          finish();
        });
    };
    pump();
  });
}

async function measure(label: string, root?: string) {
  // A database as an admin's browser leaves it: an organisation key, so the intake takes testimonies.
  const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-uploads-'));
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    DAUYS_VAR_DIR: dir,
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'error',
  };
  const services = await createServices(loadConfig({ ...process.env, ...env }), { migrate: true });
  const org = (await ready()).crypto_box_keypair();
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
  const server = await startServer(env, root);
  let ip = 0;
  const nextIp = () => (++ip, `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`);
  try {
    // Warm up every path once with a small body, so what is measured is the uploads, not loading code.
    for (const p of PHASES)
      assert.ok(
        (
          await upload(
            server.origin,
            p.kind,
            0.02,
            p.kind === 'valid' ? await freshForm(server.origin) : undefined,
            nextIp(),
          )
        ).status,
      );
    await sleep(2000);
    const atRest = await restingRss(server.pid);
    const rows = [];
    for (const p of PHASES) {
      const rest = await restingRss(server.pid);
      let peak = rest;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 10);
      // Valid uploads each come from an address of their own, as the per-address limits would require.
      const forms =
        p.kind === 'valid' ? await Promise.all(Array.from({ length: p.clients }, () => freshForm(server.origin))) : [];
      const t0 = performance.now();
      const sent = await Promise.all(
        Array.from({ length: p.clients }, (_, i) => upload(server.origin, p.kind, 1, forms[i], nextIp())),
      );
      const wall = performance.now() - t0;
      clearInterval(sampler);
      const statuses = [...new Set(sent.map((s) => s.status))].join('/');
      const answerMs = sent.map((s) => s.ms).sort((a, b) => a - b)[Math.floor(sent.length / 2)];
      rows.push({
        phase: p.name,
        rest_mb: round(rest),
        peak_mb: round(peak),
        rise_mb: round(peak - rest),
        over_start_mb: round(peak - atRest),
        status: statuses,
        answered_early: sent.filter((s) => s.early).length,
        clients: p.clients,
        answer_p50_ms: round(answerMs),
        wall_ms: round(wall),
      });
      await sleep(3000);
    }
    console.log(`\n${label}: RSS at rest ${round(atRest)} MB`);
    console.log(
      '  phase                          rise  peak (over start)  status  answered early  answer p50  all done',
    );
    for (const r of rows)
      console.log(
        `  ${r.phase.padEnd(30)} ${String(r.rise_mb).padStart(4)} MB ${String(r.peak_mb).padStart(5)} MB (+${String(r.over_start_mb).padEnd(3)})  ${r.status.padEnd(6)}  ${String(r.answered_early).padStart(3)} of ${String(r.clients).padEnd(8)}  ${String(r.answer_p50_ms).padStart(6)} ms  ${String(r.wall_ms).padStart(6)} ms`,
      );
    return { label, at_rest_mb: round(atRest), phases: rows };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true });
  }
}

/** The tree of `ref` in a temp directory, sharing this checkout's installed packages. */
console.log(
  'Upload memory: 50 MB per client, dauys serve on SQLite, loopback; RSS sampled every 10 ms from /proc/<pid>/status.',
);
const results = [await measure('this checkout')];
const baseline = process.env.BENCH_BASELINE_REF;
if (baseline) {
  const dir = checkoutRef(baseline);
  results.push(await measure(`baseline ${baseline}`, dir));
  rmSync(dir, { recursive: true });
}
const twenty = results[0].phases[0];
console.log(
  `\nTarget: 20 concurrent unauthenticated 50 MB uploads raise RSS by at most ${TARGET_MB} MB: ${twenty.rise_mb} MB, ${twenty.rise_mb <= TARGET_MB ? 'met' : 'NOT met'}.`,
);
console.log(
  JSON.stringify({
    bench: 'uploads',
    upload_mb: 50,
    target_mb: TARGET_MB,
    results,
    target_met: twenty.rise_mb <= TARGET_MB,
  }),
);
