// Campaign figures: a staff member publishes a petition's confirmed count with the SHA-256 of the
// signature export handed to officials, or an appeal's letter count, into the log. Figures are not
// money, so they go in at once (one person, audited); they are taken from the campaigns' own counts,
// never typed, so the number in the log is the number the platform counted.
import { can, type AuditService, type Staff } from '../core/accounts/index.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import type { BooksAppeals, BooksCampaigns, BooksPetitions, LedgerLog } from './books.needs.ts';
import {
  RECORD_VERSION,
  sha256Hex,
  todayInKazakhstan,
  type AppealCount,
  type PetitionMilestone,
} from './books.records.ts';
import * as repo from './books.repository.ts';

export interface FigureSource {
  componentId: string;
  type: 'petition' | 'appeal';
  campaignSlug: string;
  campaignTitle: Partial<Record<'kk' | 'ru' | 'en', string>>;
  /** Confirmed signatures, or letters sent. */
  value: number;
}

export interface FiguresApi {
  figureSources(): Promise<FigureSource[]>;
  /** Appends the figure now; `exportFile` is the signature export exactly as handed over (else today's is hashed). */
  publishFigure(componentId: string, actor: Staff, exportFile?: Uint8Array | null): Promise<number>;
  /** The same when a petition was marked delivered: whoever delivered it may, whatever her role. */
  publishOnDelivery(componentId: string, actor: Staff): Promise<number>;
}

interface Deps {
  db: Db;
  audit: AuditService;
  ledgerLog: LedgerLog;
  campaigns: BooksCampaigns;
  petitions: BooksPetitions;
  appeals: BooksAppeals;
  changed(): void;
}

export const mayPublishFigures = (actor: Pick<Staff, 'id' | 'role'> | null) =>
  can(actor, 'ledger.record') || can(actor, 'campaign.publish');

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export function createFigures(deps: Deps): FiguresApi {
  const { db, audit, ledgerLog, campaigns, petitions, appeals } = deps;

  const valueOf = async (c: { id: string; type: string }): Promise<number> =>
    c.type === 'petition' ? (await petitions.get(c.id)).count : sum((await appeals.summary(c.id)).letters);

  async function publish(componentId: string, actor: Staff, exportFile?: Uint8Array | null): Promise<number> {
    let component;
    try {
      component = await campaigns.getComponent(componentId);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not_found') throw notFound('LEDGER_FIGURE_NOT_FOUND');
      throw err;
    }
    if (component.type !== 'petition' && component.type !== 'appeal') throw notFound('LEDGER_FIGURE_NOT_FOUND');
    const campaign = await campaigns.getById(component.campaignId);
    const date = todayInKazakhstan();
    let record: PetitionMilestone | AppealCount;
    if (component.type === 'petition') {
      const exported = exportFile?.length ? exportFile : Buffer.from(await petitions.exportCsv(component, 'names'));
      record = {
        v: RECORD_VERSION,
        kind: 'petition_milestone',
        campaign: campaign.slug,
        petition: component.id,
        date,
        confirmed: await valueOf(component),
        export_sha256: sha256Hex(exported),
      };
    } else {
      record = {
        v: RECORD_VERSION,
        kind: 'appeal_count',
        campaign: campaign.slug,
        appeal: component.id,
        date,
        letters: await valueOf(component),
      };
    }
    const index = await db.transaction().execute(async (trx) => {
      const [i] = await ledgerLog.append(trx, [record]);
      await repo.insertEntry(trx, repo.projection(i, record, null));
      return i;
    });
    await audit.record(
      actor,
      'ledger.figure',
      { type: 'campaign_component', id: component.id },
      { kind: record.kind, index, value: record.kind === 'appeal_count' ? record.letters : record.confirmed },
    );
    deps.changed();
    return index;
  }

  return {
    async figureSources() {
      const out: FigureSource[] = [];
      const { items } = await campaigns.list({ status: 'all', includeDrafts: true, perPage: 500 });
      for (const campaign of items)
        for (const c of await campaigns.components(campaign.id)) {
          if (c.type !== 'petition' && c.type !== 'appeal') continue;
          out.push({
            componentId: c.id,
            type: c.type,
            campaignSlug: campaign.slug,
            campaignTitle: campaign.title,
            value: await valueOf(c),
          });
        }
      return out;
    },

    async publishFigure(componentId, actor, exportFile) {
      if (!mayPublishFigures(actor)) throw forbidden();
      return publish(componentId, actor, exportFile);
    },

    publishOnDelivery: (componentId, actor) => publish(componentId, actor, null),
  };
}
