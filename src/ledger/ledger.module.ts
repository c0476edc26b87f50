// The ledger: an append-only, publicly verifiable log of the organisation's money and campaign
// figures (issue 17). This part is the log itself — storage, signing, the static tile layout and
// the periodic checkpoint; the books (entry kinds, roles, pages) build on `ledgerLog`.
import type { Config } from '../config.ts';
import type { AuditService } from '../core/accounts/index.ts';
import { secretBox, type IpHasher } from '../core/privacy/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import { createLedgerKeys } from './ledger-keys.ts';
import { ledgerLogRoutes } from './ledger-log.routes.ts';
import { createLedgerLog } from './ledger-log.ts';
import type { JobsService } from '../jobs/index.ts';
import { createLedgerWitness, witnessContributions, witnessNav } from './witness/witness.ts';

interface Needs {
  db: Db;
  config: Config;
  audit: AuditService;
  jobs: JobsService;
  ipHasher: IpHasher;
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
  needs: { db: true, config: true, audit: true, jobs: true, ipHasher: true },
  create: ({ db, config, audit, jobs }: Needs) => {
    const origin = config.ledger.origin;
    const keys = createLedgerKeys({ db, origin, box: secretBox(config.secret, 'ledger.signing-key') });
    const ledgerLog = createLedgerLog({ db, keys, origin });
    const ledgerWitness = createLedgerWitness({ db, config, audit, jobs, ledgerLog });
    return { ledgerLog, ledgerKeys: keys, ledgerWitness };
  },
  nav: { admin: witnessNav },
  contributes: (deps, web) => {
    const cron = checkpointCron(deps.config.ledger.checkpointSeconds);
    const witness = witnessContributions(deps, web, cron);
    return {
      api: async (app) => {
        await app.register(ledgerLogRoutes, { services: deps });
        await app.register(witness.api);
      },
      routes: witness.routes,
      jobs: [
        { name: 'ledger.checkpoint', cron, run: async () => void (await deps.ledgerLog.publish()) },
        ...witness.jobs,
      ],
    };
  },
});
