// The ledger: an append-only, publicly verifiable log of the organisation's money and campaign
// figures (issue 17). This part is the log itself — storage, signing, the static tile layout and
// the periodic checkpoint; the books (entry kinds, roles, pages) build on `ledgerLog`.
import type { Config } from '../config.ts';
import { secretBox } from '../core/privacy/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import { createLedgerKeys } from './ledger-keys.ts';
import { ledgerLogRoutes } from './ledger-log.routes.ts';
import { createLedgerLog } from './ledger-log.ts';

interface Needs {
  db: Db;
  config: Config;
}

/** A cron line (UTC) firing about every `seconds`: whole minutes dividing an hour, or hours dividing a day. */
export const checkpointCron = (seconds: number): string => {
  const largestDivisor = (n: number, of: number) => {
    for (let d = Math.max(1, Math.min(n, of)); d > 1; d--) if (of % d === 0) return d;
    return 1;
  };
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `*/${largestDivisor(minutes, 60)} * * * *`;
  return `0 */${largestDivisor(Math.round(minutes / 60), 24)} * * *`;
};

export const ledgerModule = defineModule({
  name: 'ledger',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true, config: true },
  create: ({ db, config }: Needs) => {
    const origin = config.ledger.origin;
    const keys = createLedgerKeys({ db, origin, box: secretBox(config.secret, 'ledger.signing-key') });
    return { ledgerLog: createLedgerLog({ db, keys, origin }), ledgerKeys: keys };
  },
  contributes: (deps) => ({
    api: async (app) => void (await app.register(ledgerLogRoutes, { services: deps })),
    jobs: [
      {
        name: 'ledger.checkpoint',
        cron: checkpointCron(deps.config.ledger.checkpointSeconds),
        run: async () => void (await deps.ledgerLog.publish()),
      },
    ],
  }),
});
