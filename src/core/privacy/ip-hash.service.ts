// Raw IP addresses are never stored. Abuse control uses an HMAC of the address under a key made from
// DAUYS_SECRET (which never enters the database) and a random salt that changes every UTC day. The
// database alone therefore reveals nothing: with only the stored salt, the 2³² IPv4 addresses cannot
// be tried against a hash. Salts are deleted after the retention period, after which even the secret
// cannot link yesterday's hashes to anything. Network prefixes (/24, /64) hash the same way.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/portable.ts';
import { deriveKey } from './secret-box.ts';
import * as repo from './ip-hash.repository.ts';

export interface IpHasher {
  /** HMAC of the client's address key (see addressKey) for today (cheap: the day's key is cached in memory). */
  hash(ip: string): Promise<string>;
  /** HMAC of the network prefix: /24 for IPv4, /64 for IPv6. */
  hashPrefix(ip: string): Promise<string>;
  /** Drops salts older than the retention period; returns how many went. */
  purge(): Promise<number>;
}

export const utcDay = (ms = Date.now()): string => new Date(ms).toISOString().slice(0, 10);

/** An IPv4 address written as IPv6 (`::ffff:a.b.c.d`, how a dual-stack socket reports it) is that IPv4 address. */
const unmapped = (ip: string): string => (/^::ffff:/i.test(ip) && isIPv4(ip.slice(7)) ? ip.slice(7) : ip);

/**
 * What one client is, for every per-address limit: an IPv4 address, or an IPv6 /64. One subscriber
 * gets a whole /64 and picks any address in it at will, so keying IPv6 on the full address would
 * give each client 2⁶⁴ fresh allowances.
 */
export function addressKey(ip: string): string {
  const addr = unmapped(ip);
  return isIPv6(addr) ? networkPrefix(addr) : addr;
}

export function networkPrefix(ip: string): string {
  const addr = unmapped(ip);
  if (isIPv4(addr)) return addr.split('.').slice(0, 3).join('.') + '.0/24';
  if (isIPv6(addr)) return expandIpv6(addr).slice(0, 4).join(':') + '::/64';
  return 'unknown';
}

function expandIpv6(ip: string): string[] {
  // A dotted IPv4 tail (e.g. NAT64's 64:ff9b::192.0.2.1) is two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const hex = (a: string, b: string) => ((Number(a) << 8) | Number(b)).toString(16);
  const text = dotted ? ip.slice(0, dotted.index) + hex(dotted[1], dotted[2]) + ':' + hex(dotted[3], dotted[4]) : ip;
  const [head, tail = ''] = text.split('%')[0].split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = text.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().padStart(4, '0'));
}

export function createIpHasher(db: Db, secret: string, retentionDays: number): IpHasher {
  const master = deriveKey(secret, 'ip-hash');
  let current: { day: string; key: Buffer } | null = null;
  let pending: Promise<Buffer> | null = null;

  async function dayKey(): Promise<Buffer> {
    const day = utcDay();
    if (current?.day === day) return current.key;
    if (!pending) {
      pending = (async () => {
        await repo.insertSalt(db, day, randomBytes(32).toString('base64url'), nowIso());
        const salt = await repo.findSalt(db, day);
        if (!salt) throw new Error('IP salt missing after insert');
        const key = createHmac('sha256', master).update(salt).digest();
        current = { day, key };
        return key;
      })().finally(() => (pending = null));
    }
    return pending;
  }
  const mac = async (value: string) =>
    createHmac('sha256', await dayKey())
      .update(value)
      .digest('base64url')
      .slice(0, 22);

  return {
    hash: (ip) => mac('ip:' + addressKey(ip)),
    hashPrefix: (ip) => mac('net:' + networkPrefix(ip)),
    purge: () => repo.deleteSaltsBefore(db, utcDay(Date.now() - retentionDays * 86_400_000)),
  };
}
