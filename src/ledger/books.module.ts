// The ledger's books: money received and spent, bank events, corrections and campaign figures, kept
// pending until a second person approves them into the append-only log beneath (`ledgerLog`, the
// ledger's log module), with the staff pages, the public page and its exports.
import type { AuditService } from '../core/accounts/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import type { PageCache } from '../http/page-cache.ts';
import { booksAdminRoutes } from './books.admin.routes.tsx';
import type { BooksAppeals, BooksCampaigns, BooksPetitions, LedgerLog } from './books.needs.ts';
import { booksPublicRoutes } from './books.public.routes.tsx';
import { createLedgerBooks } from './books.service.ts';

interface Needs {
  db: Db;
  audit: AuditService;
  pageCache: PageCache;
  ledgerLog: LedgerLog;
  campaigns: BooksCampaigns;
  petitions: BooksPetitions;
  appeals: BooksAppeals;
  accounts: { listUsers(): Promise<Array<{ id: string; name: string; email: string }>> };
}

export const ledgerBooksModule = defineModule({
  name: 'ledgerBooks',
  migrations: new URL('./books-migrations/', import.meta.url),
  needs: {
    db: true,
    audit: true,
    pageCache: true,
    ledgerLog: true,
    campaigns: true,
    petitions: true,
    appeals: true,
    accounts: true,
  },
  create: (deps: Needs) => {
    const ledgerBooks = createLedgerBooks(deps);
    ledgerBooks.onChange(() => deps.pageCache.clear());
    deps.petitions.onDelivered((id, actor) => ledgerBooks.publishOnDelivery(id, actor));
    return { ledgerBooks };
  },
  nav: {
    public: [{ href: '/ledger', labelKey: 'ledger.nav', order: 45 }],
    admin: [
      { href: '/admin/ledger', labelKey: 'ledger.admin.nav', order: 95, anyOf: ['ledger.record', 'ledger.approve'] },
    ],
  },
  contributes: (deps, web) => ({
    routes: async (app) => {
      await app.register(booksPublicRoutes, { services: { ...web, ledgerBooks: deps.ledgerBooks } });
      await app.register(booksAdminRoutes, {
        services: { ...web, ledgerBooks: deps.ledgerBooks, accounts: deps.accounts },
      });
    },
  }),
});
