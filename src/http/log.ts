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

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;
export const redactText = (s: string) => s.replace(EMAIL, '[email]');

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: maskPath(req.url), id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string }) => ({ type: err.name, code: err.code, message: redactText(err.message), stack: redactText(err.stack ?? '') }),
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
