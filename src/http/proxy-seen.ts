// What the server has seen of reverse proxies, for `dauys doctor` (another process, so memory is not
// enough): whether requests carried X-Forwarded-For/Forwarded and whether they came from a loopback
// or private peer. Counting costs a few header lookups per request; the counts go to one small file
// in the var folder at most once a minute (and when the app closes), never the database. Several web
// processes on one machine overwrite each other's file: any one of them tells the same story.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

export const PROXY_SEEN_FILE = 'proxy-seen.json';
const WRITE_EVERY_MS = 60_000;

/** Counts since the process started (its setting included, since the doctor may read a newer one). */
export interface ProxySeen {
  trustProxy: boolean;
  startedAt: string;
  /** When the latest request was seen (as of the last write). */
  lastAt: string;
  requests: number;
  /** Requests carrying X-Forwarded-For or Forwarded. */
  forwarded: number;
  /** Of those, from a loopback or private peer: a proxy on this machine or this network. */
  forwardedPrivate: number;
  /** Requests whose peer is a public address (whatever they carried). */
  publicPeer: number;
}

const V4_PRIVATE = [/^10\./, /^127\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./];
const CGNAT = /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./;

/** Loopback, private (RFC 1918, RFC 6598, ULA) or link-local; a Unix socket (no address) counts as local. */
export function isPrivatePeer(address: string | undefined): boolean {
  if (!address) return true;
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  if (isIP(a) === 4) return V4_PRIVATE.some((r) => r.test(a)) || CGNAT.test(a);
  if (isIP(a) === 6) return a === '::1' || /^f[cd][0-9a-f]{2}:/.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
  return false;
}

export interface ProxyWatch {
  /** Counts one request (called from the app's first hook). */
  see(headers: Record<string, unknown>, peer: string | undefined): void;
  /** Writes the counts now (the app's close awaits it). */
  flush(): Promise<void>;
}

export function createProxyWatch(opts: { varDir: string; trustProxy: boolean; now?: () => number }): ProxyWatch {
  const now = opts.now ?? Date.now;
  const file = join(opts.varDir, PROXY_SEEN_FILE);
  const seen: ProxySeen = {
    trustProxy: opts.trustProxy,
    startedAt: new Date(now()).toISOString(),
    lastAt: '',
    requests: 0,
    forwarded: 0,
    forwardedPrivate: 0,
    publicPeer: 0,
  };
  // Behind a proxy every request has the same peer: its answer is kept.
  let lastPeer: string | undefined = '';
  let lastLocal = false;
  let last = 0;
  let lastRequest = 0;
  let writing: Promise<void> | null = null;
  let dirty = false;

  async function write(): Promise<void> {
    dirty = false;
    seen.lastAt = new Date(lastRequest).toISOString();
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(opts.varDir, { recursive: true, mode: 0o700 });
      await writeFile(temporary, JSON.stringify(seen) + '\n', { mode: 0o600 });
      await rename(temporary, file);
    } catch {
      // A full or read-only disk: the doctor will say it has seen nothing, which is true enough.
    }
  }
  const flush = (): Promise<void> => {
    if (!writing) writing = write().finally(() => (writing = null));
    return writing;
  };

  return {
    see(headers, peer) {
      const t = now();
      lastRequest = t;
      seen.requests++;
      if (peer !== lastPeer) [lastPeer, lastLocal] = [peer, isPrivatePeer(peer)];
      const local = lastLocal;
      if (!local) seen.publicPeer++;
      if (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined) {
        seen.forwarded++;
        if (local) seen.forwardedPrivate++;
      }
      dirty = true;
      if (t - last >= WRITE_EVERY_MS && !writing) {
        last = t;
        void flush();
      }
    },
    async flush() {
      await writing;
      if (dirty) await flush();
    },
  };
}

/** The latest counts a server wrote, or null when none has served a request yet. */
export async function readProxySeen(varDir: string): Promise<ProxySeen | null> {
  try {
    const value = JSON.parse(await readFile(join(varDir, PROXY_SEEN_FILE), 'utf8')) as ProxySeen;
    return typeof value?.requests === 'number' ? value : null;
  } catch {
    return null;
  }
}
