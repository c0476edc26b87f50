// Logs say what happened, never to whom: no IP addresses, no headers, no bodies, no query strings,
// and long path segments (tokens, receipts) are masked. Emails in messages are masked too.
import type { FastifyServerOptions } from 'fastify';

export function maskPath(url: string): string {
  const path = url.split('?')[0];
  return path
    .split('/')
    .map((seg) => (seg.length >= 20 || /^\d{6,}$/.test(seg) || seg.includes('@') ? ':redacted' : seg))
    .join('/');
}

// Neither part of an address holds a slash or a backslash, so a module path in a stack frame
// (node_modules/@fastify/multipart/index.js) is not one; Cyrillic domains (пошта.қаз) are.
const EMAIL = /[^\s@"'<>()[\]\\,;:/]+@(?:[^\s@"'<>()[\]\\,;:/.]+\.)+\p{L}{2,}/gu;
export const redactText = (s: string) => s.replace(EMAIL, '[email]');

/** Marks a log object that must carry no time of day (survivor routes: the day is enough). */
export const UNTIMED = Symbol('untimed');

export interface LogStream {
  write(line: string): void;
}

export function loggerOptions(level: string, stream?: LogStream): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    ...(stream && { stream }),
    // The time is added here rather than by pino, so that survivor-route lines can go without it.
    timestamp: false,
    mixin: (obj: object) => (UNTIMED in obj ? {} : { time: Date.now() }),
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: maskPath(req.url),
        id: req.id,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        code: err.code,
        message: redactText(err.message),
        stack: redactText(err.stack ?? ''),
      }),
    },
    redact: { paths: ['req.headers', 'req.body', 'body', 'email', 'password', 'token'], remove: true },
    hooks: {
      logMethod(args, method) {
        // Masks emails in any free-text message, whoever logs it.
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}
