// Reading urlencoded form bodies defensively: single string values, NFC, no NUL bytes, bounded size.
import type { FastifyRequest } from 'fastify';
import { LOCALES, type Translatable } from '../i18n/locales.ts';

export type Form = Record<string, string>;

/** Printable ASCII only: already NFC, no NUL, no CR (most fields; skips the work on the signing path). */
const PLAIN = /^[\x20-\x7e\n\t]*$/;

export function formOf(req: FastifyRequest): Form {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string')
      out[k] = PLAIN.test(s)
        ? s
        : s
            .normalize('NFC')
            .replace(/\u0000/g, '')
            .replace(/\r\n/g, '\n');
  }
  return out;
}

/** Client IP as Fastify resolved it (honours TRUST_PROXY); only ever passed to the IP hasher. */
export const clientIp = (req: FastifyRequest): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The `<name>_kk`, `<name>_ru`, `<name>_en` fields of a form as one translatable value (blanks dropped). */
export function translatableField(form: Form, name: string): Translatable {
  const out: Translatable = {};
  for (const l of LOCALES) {
    const v = (form[`${name}_${l}`] ?? '').trim();
    if (v) out[l] = v;
  }
  return out;
}

/** A textarea edited as a list: one trimmed, non-empty item per line. */
export const formLines = (v: string | undefined): string[] =>
  (v ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
