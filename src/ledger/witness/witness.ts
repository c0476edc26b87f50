// Witnesses wired into the ledger module: our key, the witness service, gathering cosignatures for
// our checkpoints (the `ledger.witness` job, enqueued after each publish and run on the checkpoint
// schedule to retry peers that failed), the add-checkpoint endpoint and the admin page.
import type { AuditService } from '../../core/accounts/index.ts';
import type { Contributions, NavItem } from '../../core/modules/index.ts';
import { secretBox, type IpHasher } from '../../core/privacy/index.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { WebKit } from '../../http/web.ts';
import type { JobsService } from '../../jobs/index.ts';
import type { FetchLike } from '../log/index.ts';
import type { LedgerLog } from '../ledger-log.ts';
import { gatherCosignatures, type PeerOutcome } from './witness-gather.ts';
import { createWitnessKeys, type WitnessKeys } from './witness-keys.ts';
import { witnessApi } from './witness.api.ts';
import { witnessRoutes } from './witness.routes.tsx';
import { createWitnessService, type WitnessService } from './witness.service.ts';

export interface LedgerWitness {
  service: WitnessService;
  keys: WitnessKeys;
  /** Asks every peer that has not cosigned the latest checkpoint; records each one's outcome. */
  gather(opts?: { fetch?: FetchLike }): Promise<PeerOutcome[]>;
}

export const WITNESS_JOB = 'ledger.witness';

/** The witness key's name: the site's host, as logs and witnesses are usually named. */
export const witnessKeyName = (config: Config): string => `${new URL(config.baseUrl).host}/witness`;

export function createLedgerWitness(deps: {
  db: Db;
  config: Config;
  audit: AuditService;
  jobs: Pick<JobsService, 'enqueue'>;
  ledgerLog: LedgerLog;
  /** Outbound requests to peers (tests pass an in-process one); global fetch with a timeout otherwise. */
  fetch?: FetchLike;
}): LedgerWitness {
  const { db, config, audit, jobs, ledgerLog } = deps;
  const keys = createWitnessKeys({
    db,
    name: witnessKeyName(config),
    box: secretBox(config.secret, 'ledger.witness-key'),
  });
  const service = createWitnessService({ db, audit, keys });
  // Publishing never waits on a peer: it only queues the job (once per checkpoint size).
  ledgerLog.onPublished(async (size) => {
    await jobs.enqueue(WITNESS_JOB, {}, { uniqueKey: `${WITNESS_JOB}@${size}` }).catch(() => false);
  });
  return {
    service,
    keys,
    gather: (opts = {}) =>
      gatherCosignatures({ db, hashReader: (n) => ledgerLog.hashReader(n), fetch: opts.fetch ?? deps.fetch }),
  };
}

export const witnessNav: NavItem[] = [
  { href: '/admin/ledger/witnesses', labelKey: 'ledger.witness.nav', order: 96, anyOf: ['user.manage'] },
];

export function witnessContributions(
  deps: { ledgerWitness: LedgerWitness; ipHasher: IpHasher },
  web: WebKit,
  cron: string,
): Required<Pick<Contributions, 'api' | 'routes' | 'jobs'>> {
  const witness = deps.ledgerWitness.service;
  return {
    api: async (app) =>
      void (await app.register(witnessApi, { services: { witness, ipHasher: deps.ipHasher }, store: web.shared })),
    routes: async (app) => void (await app.register(witnessRoutes, { services: { ...web, witness } })),
    jobs: [{ name: WITNESS_JOB, cron, run: async () => void (await deps.ledgerWitness.gather()) }],
  };
}
