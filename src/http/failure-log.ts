// What a failed request leaves in the log. On survivor routes: an error code and the day, nothing
// else (no path, no time of day, no stack, no message that could carry her words). A full disk
// fails every write until someone frees space: its cause is logged at most once a minute per error
// code, with how many writes were refused meanwhile, not once per request. Anything else: the
// redacted error.
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { redactText, UNTIMED } from './log.ts';

export interface FailureLog {
  report(req: FastifyRequest, err: unknown, storageFull: boolean): void;
}

/** A code safe to log: the error's own code (SQLITE_FULL, ERR_…) or its class name, never free text. */
export function errorCode(err: unknown): string {
  const { code, name } = (err ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
  return typeof name === 'string' && /^[A-Za-z]{2,40}$/.test(name) ? name : 'UNKNOWN';
}

export function createFailureLog(log: FastifyBaseLogger, storageFullEveryMs = 60_000): FailureLog {
  const full = new Map<string, { at: number; refused: number }>();
  return {
    report(req, err, storageFull) {
      if (req.routeOptions.config?.survivor) {
        log.error(
          { [UNTIMED]: true, code: errorCode(err), day: new Date().toISOString().slice(0, 10) },
          'survivor route failed',
        );
        return;
      }
      if (!storageFull) {
        req.log.error({ err, req }, 'unhandled error');
        return;
      }
      const code = errorCode(err);
      const seen = full.get(code) ?? { at: -Infinity, refused: 0 };
      full.set(code, seen);
      seen.refused++;
      if (Date.now() - seen.at < storageFullEveryMs) return;
      log.error(
        { code, cause: redactText(String((err as Error).message)), refused: seen.refused },
        'storage full: writes are refused until space is freed',
      );
      Object.assign(seen, { at: Date.now(), refused: 0 });
    },
  };
}
