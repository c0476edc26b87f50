// The core's hourly purge: expired sessions and sign-in records, old address salts, sent mail.
import type { AccountsService } from './accounts/index.ts';
import type { MailService } from './mail/index.ts';
import { defineModule } from './modules/index.ts';
import type { IpHasher } from './privacy/index.ts';

interface Needs {
  accounts: Pick<AccountsService, 'purge'>;
  ipHasher: Pick<IpHasher, 'purge'>;
  mail: Pick<MailService, 'purge'>;
}

export const housekeepingModule = defineModule({
  name: 'housekeeping',
  needs: { accounts: true, ipHasher: true, mail: true },
  create: (_: Needs) => ({}),
  contributes: ({ accounts, ipHasher, mail }) => ({
    jobs: [
      {
        name: 'core.purge',
        cron: '17 * * * *',
        run: async () => {
          await accounts.purge();
          await ipHasher.purge();
          await mail.purge();
        },
      },
    ],
  }),
});
