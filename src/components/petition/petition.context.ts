// What the parts of the petitions service share, made once by petition.service.ts: the platform's
// services, the keys (sealed signer data, keyed address hashes, mailed link tokens), the petitions
// loaded in the last moments, the allow/block lists, and which counters are due for a recount.
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../../core/mail/index.ts';
import type { AccountsService, Actor, AuditService, Staff } from '../../core/accounts/index.ts';
import type { Campaign, CampaignComponent, CampaignsService } from '../../core/campaigns/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import {
  createLinkTokens,
  type IpHasher,
  type LinkTokens,
  secretBox,
  type SecretBox,
} from '../../core/privacy/index.ts';
import type { PageCache } from '../../http/page-cache.ts';
import type { ResponsesService } from '../../responses/index.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import { nowIso } from '../../db/portable.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { emailKeyer, type ListEntry } from './integrity.ts';
import { PUBLIC_STATES, type CountSnapshot, type PetitionSettings, type PetitionView } from './petition.ts';
import { petitionCan, type PetitionAction } from './petition.permissions.ts';
import * as repo from './petition.repository.ts';

/** What petitions use from the platform and the core modules. */
export interface PetitionDeps {
  db: Db;
  writer: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  audit: AuditService;
  campaigns: CampaignsService;
  regions: RegionsService;
  ipHasher: IpHasher;
  accounts: AccountsService;
  pageCache: PageCache;
  responses: Pick<ResponsesService, 'registerSubject' | 'forSubject'>;
  shared: SharedStore;
}

/** A petition with its campaign, as loaded at `at`. */
export interface Loaded {
  view: PetitionView;
  campaign: Campaign;
  at: number;
}

export interface PetitionContext {
  deps: PetitionDeps;
  /** Seals signers' names and addresses. */
  box: SecretBox;
  emailKey: (normalised: string) => string;
  tokens: LinkTokens;
  /** An absolute link to a page in one language, for mails. */
  link(locale: string, path: string): string;
  /** The petition's row, made as a draft on first use. */
  rowFor(component: CampaignComponent): Promise<repo.PetitionRow>;
  /** From a cache of a few seconds unless `fresh`. */
  load(id: string, fresh?: boolean): Promise<Loaded>;
  /** Only when the public may see it (published, in a public state, campaign not a draft). */
  loadPublic(id: string): Promise<Loaded>;
  /** Fresh, and only when the staff member may do `action`. */
  loadForStaff(id: string, actor: Staff, action: PetitionAction): Promise<Loaded>;
  /** Drops the petition's cached view and count snapshot after it changed. */
  forget(id: string): void;
  /** Petitions whose signatures changed since the last count (counted even when no longer open). */
  dirty: Set<string>;
  snapshots: Map<string, CountSnapshot>;
  lists: {
    /** The unexpired allow/block entries, cached for ten seconds. */
    entries(): Promise<ListEntry[]>;
    changed(): void;
  };
}

const LOADED_TTL_MS = 2000;

export const SYSTEM: Actor = { system: 'petitions' };

export function createPetitionContext(deps: PetitionDeps): PetitionContext {
  const { db, config, campaigns } = deps;
  const loaded = new Map<string, Loaded>();
  const snapshots = new Map<string, CountSnapshot>();
  // A change anywhere clears every process's pages; what they were made from goes with them.
  deps.pageCache.onClear(() => {
    loaded.clear();
    snapshots.clear();
  });
  let listCache: { at: number; entries: ListEntry[] } | null = null;

  async function rowFor(component: CampaignComponent): Promise<repo.PetitionRow> {
    let row = await repo.findPetition(db, component.id);
    if (!row) {
      const now = nowIso();
      await repo.insertPetition(db, {
        component_id: component.id,
        campaign_id: component.campaignId,
        state: 'draft',
        state_reason: null,
        answer: null,
        answer_url: null,
        opened_at: null,
        closed_at: null,
        delivered_at: null,
        answered_at: null,
        count_total: 0,
        count_by_region: '{}',
        recent_signers: '[]',
        milestones_reached: '{}',
        counted_at: null,
        anonymised_at: null,
        reference_key: null,
        created_at: now,
        updated_at: now,
      });
      row = (await repo.findPetition(db, component.id))!;
    }
    return row;
  }

  async function load(id: string, fresh = false): Promise<Loaded> {
    const hit = loaded.get(id);
    if (hit && !fresh && Date.now() - hit.at < LOADED_TTL_MS) return hit;
    const component = await campaigns.getComponent(id);
    if (component.type !== 'petition') throw notFound('PETITION_NOT_FOUND');
    const [row, campaign] = await Promise.all([rowFor(component), campaigns.getById(component.campaignId)]);
    const m = {
      view: {
        ...repo.toPetition(row),
        settings: component.settings as PetitionSettings,
        published: component.status === 'published',
      },
      campaign,
      at: Date.now(),
    };
    if (loaded.size > 1000) loaded.clear();
    loaded.set(id, m);
    return m;
  }

  return {
    deps,
    box: secretBox(config.secret, 'petition-signers'),
    emailKey: emailKeyer(config.secret),
    tokens: createLinkTokens(config.secret),
    link: (locale, path) => `${config.baseUrl}/${locale}${path}`,
    rowFor,
    load,
    async loadPublic(id) {
      const m = await load(id);
      if (!(m.view.published && m.campaign.status !== 'draft' && PUBLIC_STATES.includes(m.view.state)))
        throw notFound('PETITION_NOT_FOUND');
      return m;
    },
    async loadForStaff(id, actor, action) {
      const m = await load(id, true);
      if (!petitionCan(actor, action, m.campaign)) throw forbidden();
      return m;
    },
    forget(id) {
      loaded.delete(id);
      snapshots.delete(id);
    },
    dirty: new Set(),
    snapshots,
    lists: {
      async entries() {
        if (listCache && Date.now() - listCache.at < 10_000) return listCache.entries;
        const now = nowIso();
        const entries = (await repo.listEntries(db))
          .filter((e) => !e.expires_at || e.expires_at > now)
          .map((e) => ({ kind: e.kind, value: e.value, action: e.action }) as ListEntry);
        listCache = { at: Date.now(), entries };
        return entries;
      },
      changed() {
        listCache = null;
      },
    },
  };
}
