// How a column value travels in the archive, so it comes back as the same type in either dialect.
// Text, finite numbers, booleans and null are plain JSON; everything else is a one-key object:
//   {"$b":"…"}  binary (base64)          {"$i":"…"}  an integer beyond 2^53 (decimal text)
//   {"$d":"…"}  a date (ISO-8601)         {"$j":…}    a JSON value (PostgreSQL json/jsonb)
//   {"$n":"NaN"|"Infinity"|"-Infinity"}   a number JSON cannot write
// Dauys itself stores dates as ISO text, booleans as 0/1 and JSON as text (DESIGN.md "Data"), so
// almost every value is plain; the tagged forms keep a backup faithful if a column ever differs.
import type { DialectName } from '../db/portable.ts';

export type Encoded = string | number | boolean | null | { [tag: string]: unknown };

export function encodeValue(v: unknown): Encoded {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : { $n: String(v) };
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : { $i: v.toString() };
  }
  if (v instanceof Uint8Array) return { $b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Date) return { $d: v.toISOString() };
  return { $j: v };
}

/** The value to bind for the target dialect (SQLite takes no booleans; pg takes big integers as text). */
export function decodeValue(v: Encoded, dialect: DialectName): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'boolean' && dialect === 'sqlite' ? (v ? 1 : 0) : v;
  if ('$b' in v) return Buffer.from(String(v.$b), 'base64');
  if ('$i' in v) return dialect === 'sqlite' ? BigInt(String(v.$i)) : String(v.$i);
  if ('$d' in v) return String(v.$d);
  if ('$n' in v) return Number(v.$n);
  if ('$j' in v) return JSON.stringify(v.$j);
  throw new Error(`unknown value ${JSON.stringify(v).slice(0, 40)}`);
}
