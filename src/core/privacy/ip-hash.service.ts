// Raw IP addresses are never stored. Abuse control uses an HMAC of the address under a random salt
// that changes every UTC day; salts are deleted after the retention period, after which yesterday's
// hashes can no longer be linked to anything. Network prefixes (/24, /64) hash the same way.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/portable.ts';
import * as repo from './ip-hash.repository.ts';

export interface IpHasher {
  /** HMAC of the full address for today (cheap: salt cached in memory). */
  hash(ip: string): Promise<string>;
  /** HMAC of the network prefix: /24 for IPv4, /64 for IPv6. */
  hashPrefix(ip: string): Promise<string>;
  /** Drops salts older than the retention period; returns how many went. */
  purge(): Promise<number>;
}

export const utcDay = (ms = Date.now()): string => new Date(ms).toISOString().slice(0, 10);

export function networkPrefix(ip: string): string {
  const addr = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(addr)) return addr.split('.').slice(0, 3).join('.') + '.0/24';
  if (isIPv6(addr)) return expandIpv6(addr).slice(0, 4).join(':') + '::/64';
  return 'unknown';
}

function expandIpv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = ip.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().padStart(4, '0'));
}

export function createIpHasher(db: Db, retentionDays: number): IpHasher {
  let current: { day: string; salt: string } | null = null;
  let pending: Promise<string> | null = null;

  async function salt(): Promise<string> {
    const day = utcDay();
    if (current?.day === day) return current.salt;
    if (!pending) {
      pending = (async () => {
        await repo.insertSalt(db, day, randomBytes(32).toString('base64url'), nowIso());
        const s = await repo.findSalt(db, day);
        if (!s) throw new Error('IP salt missing after insert');
        current = { day, salt: s };
        return s;
      })().finally(() => (pending = null));
    }
    return pending;
  }
  const mac = async (value: string) => createHmac('sha256', await salt()).update(value).digest('base64url').slice(0, 22);

  return {
    hash: (ip) => mac('ip:' + ip),
    hashPrefix: (ip) => mac('net:' + networkPrefix(ip)),
    purge: () => repo.deleteSaltsBefore(db, utcDay(Date.now() - retentionDays * 86_400_000)),
  };
}
