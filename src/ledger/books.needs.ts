// What the books need from outside, declared on their side (the module contract): the log beneath
// them, and narrow views of campaigns, petitions and appeals for the campaign figures.
import type { Kysely } from 'kysely';
import type { Staff } from '../core/accounts/index.ts';
import type { Database } from '../db/schema.ts';

/** The append-only Merkle log (src/ledger/ledger-log.ts provides it as `ledgerLog`). */
export interface LedgerLog {
  /** Inside the caller's transaction; canonical JSON; never edits. Returns the new entries' indexes. */
  append(trx: Kysely<Database>, records: object[]): Promise<number[]>;
  size(): Promise<number>;
  entry(index: number): Promise<{ index: number; json: string; leafHash: string } | null>;
  entries(from: number, limit: number): Promise<Array<{ index: number; json: string }>>;
  latestCheckpoint(): Promise<{ note: string; size: number; rootHash: string } | null>;
  inclusion(index: number): Promise<{ index: number; size: number; proof: string[]; checkpoint: string } | null>;
  publish(): Promise<boolean>;
  verifierKeys(): Promise<string[]>;
  origin: string;
}

/** Campaigns, as far as the books look at them. */
export interface BooksCampaigns {
  getBySlug(slug: string, opts?: { includeDrafts?: boolean }): Promise<{ id: string; slug: string }>;
  getById(id: string): Promise<{ id: string; slug: string; title: Partial<Record<'kk' | 'ru' | 'en', string>> }>;
  getComponent(
    id: string,
  ): Promise<{ id: string; campaignId: string; type: string; settings: Record<string, unknown> }>;
  list(query: {
    status?: 'all';
    includeDrafts?: boolean;
    perPage?: number;
  }): Promise<{ items: Array<{ id: string; slug: string; title: Partial<Record<'kk' | 'ru' | 'en', string>> }> }>;
  components(campaignId: string): Promise<Array<{ id: string; campaignId: string; type: string }>>;
}

/** Petitions: the confirmed count, and the signature export handed to officials. */
export interface BooksPetitions {
  get(id: string): Promise<{ id: string; campaignId: string; count: number }>;
  exportCsv(
    component: { id: string; campaignId: string; type: string; settings: Record<string, unknown> } & Record<
      string,
      any
    >,
    kind: 'counts' | 'names',
  ): Promise<string>;
  /** The figure goes into the log on the day the petition is marked delivered. */
  onDelivered(listener: (id: string, actor: Staff) => Promise<unknown>): void;
}

/** Appeals: letters sent per channel. */
export interface BooksAppeals {
  summary(id: string): Promise<{ id: string; letters: Record<string, number> }>;
}
