// RFC 8785 JSON Canonicalization Scheme (JCS): the bytes a ledger entry hashes to must not depend on
// who serialised it, so keys are sorted by UTF-16 code units, numbers use ECMAScript's shortest
// round-trip form, strings use the minimal JSON escapes and there is no whitespace.
import { bad } from './errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /\p{Surrogate}/u;

const escapeString = (s: string, where: string): string => {
  // With the u flag, a well-formed pair matches as one astral code point, so only lone halves match.
  if (LONE_SURROGATE.test(s)) throw bad('jcs.lone_surrogate', `${where}: a string holds a lone UTF-16 surrogate`);
  // JSON.stringify already escapes exactly as RFC 8785 §3.2.2.2 asks (", \, \b \f \n \r \t, other
  // controls as lowercase \u00xx, everything else literal) once lone surrogates are excluded.
  return JSON.stringify(s);
};

const serialiseNumber = (n: number, where: string): string => {
  if (!Number.isFinite(n)) throw bad('jcs.non_finite', `${where}: ${n} is not a finite number`);
  // ECMAScript Number::toString is the serialisation RFC 8785 §3.2.2.3 names; -0 becomes "0".
  return Object.is(n, -0) ? '0' : String(n);
};

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const write = (v: unknown, where: string, out: string[], seen: Set<object>): void => {
  if (v === null) return void out.push('null');
  switch (typeof v) {
    case 'boolean':
      return void out.push(v ? 'true' : 'false');
    case 'number':
      return void out.push(serialiseNumber(v, where));
    case 'string':
      return void out.push(escapeString(v, where));
    case 'object':
      break;
    default:
      throw bad('jcs.unsupported', `${where}: ${typeof v} cannot be represented in JSON`);
  }
  const obj = v as object;
  if (seen.has(obj)) throw bad('jcs.cycle', `${where}: the value refers to itself`);
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      // Holes and undefined would silently become null with JSON.stringify; refuse them instead.
      if (!(i in obj) || obj[i] === undefined) throw bad('jcs.unsupported', `${where}[${i}]: undefined`);
      write(obj[i], `${where}[${i}]`, out, seen);
    }
    out.push(']');
  } else {
    if (!isPlainObject(obj)) throw bad('jcs.unsupported', `${where}: only plain objects, not ${obj.constructor?.name}`);
    // Default sort compares UTF-16 code units, exactly RFC 8785 §3.2.3's order.
    const keys = Object.keys(obj).sort();
    out.push('{');
    keys.forEach((k, i) => {
      const value = (obj as Record<string, unknown>)[k];
      if (value === undefined) throw bad('jcs.unsupported', `${where}.${k}: undefined`);
      if (i > 0) out.push(',');
      out.push(escapeString(k, `${where} key`), ':');
      write(value, `${where}.${k}`, out, seen);
    });
    out.push('}');
  }
  seen.delete(obj);
};

/** The RFC 8785 canonical text of a JSON value; throws LedgerFormatError on what JSON cannot hold. */
export const canonicalJson = (value: unknown): string => {
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
};

/** The UTF-8 bytes of the canonical text: what a ledger entry is. */
export const canonicalJsonBytes = (value: unknown): Uint8Array => new Uint8Array(Buffer.from(canonicalJson(value)));
