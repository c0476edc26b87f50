// The reference dataset in data/reference/: the seeds' campaigns (and, as later modules register
// loaders, their petitions, cases, laws, rallies and organisations). Loading is idempotent.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReferenceLoader } from '../modules/index.ts';
import type { Translatable } from '../../i18n/locales.ts';
import type {
  CampaignInput,
  CampaignsService,
  CampaignStatus,
  Figure,
  Hashtag,
  SourceRef,
} from '../campaigns/index.ts';

const DIR = fileURLToPath(new URL('../../../data/reference/', import.meta.url));

export interface ReferenceSource {
  id: string;
  title: string;
  publisher: string;
  published: string;
  authors?: string[];
  kind: string;
  language: string;
  url?: string;
  note: Translatable;
}

interface ReferenceCampaign {
  slug: string;
  status: CampaignStatus;
  starts_on: string | null;
  ends_on: string | null;
  organiser: Translatable;
  title: Translatable;
  summary: Translatable;
  body: Translatable;
  hashtag_groups: Hashtag[][];
  goals: Translatable[];
  figures: Figure[];
  uncertainties: Translatable[];
  sources: Array<{ source: string; note?: Translatable }>;
}

export type LoadSummary = Record<string, LoadCounts>;

export interface ReferenceService {
  sources(): ReferenceSource[];
  /** Adds the other modules' parts of the dataset (observatory, petitions …); they load in that order, after campaigns. */
  add(loaders: ReferenceLoader[]): void;
  /** True when any part that can tell is empty. */
  isIncomplete(): Promise<boolean>;
  load(): Promise<LoadSummary>;
}

export const readReferenceJson = <T>(file: string): T => JSON.parse(readFileSync(DIR + file, 'utf8')) as T;

export type LoadCounts = { created: number; updated: number; unchanged: number };

/** Upserts each record of a reference file in turn (keyed by `reference_key`, idempotent) and counts the outcomes. */
export async function upsertEach<T>(
  file: string,
  upsert: (record: T) => Promise<keyof LoadCounts>,
): Promise<LoadCounts> {
  const counts: LoadCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const record of readReferenceJson<T[]>(file)) counts[await upsert(record)]++;
  return counts;
}

export function toSourceRef(src: ReferenceSource, note?: Translatable): SourceRef {
  return {
    ref: src.id,
    title: src.title,
    publisher: src.publisher,
    date: src.published,
    ...(src.url ? { url: src.url } : {}),
    ...(note ? { note } : {}),
  };
}

export function createReferenceService(
  campaigns: Pick<CampaignsService, 'count' | 'upsertReference'>,
): ReferenceService {
  let cachedSources: ReferenceSource[] | null = null;
  const sources = () => (cachedSources ??= readReferenceJson<ReferenceSource[]>('sources.json'));

  async function loadCampaigns() {
    const byId = new Map(sources().map((x) => [x.id, x]));
    return upsertEach<ReferenceCampaign>('campaigns.json', (c) => {
      const input: CampaignInput = {
        slug: c.slug,
        status: c.status,
        startsOn: c.starts_on,
        endsOn: c.ends_on,
        organiser: c.organiser,
        title: c.title,
        summary: c.summary,
        body: c.body,
        goals: c.goals,
        figures: c.figures.map((f) => ({
          ...f,
          source: f.source && byId.get(f.source) ? byId.get(f.source)!.publisher : f.source,
        })),
        uncertainties: c.uncertainties,
        sources: c.sources.map((ref) => {
          const src = byId.get(ref.source);
          if (!src) throw new Error(`Reference campaign ${c.slug} cites unknown source ${ref.source}`);
          return toSourceRef(src, ref.note);
        }),
        hashtagGroups: c.hashtag_groups,
      };
      return campaigns.upsertReference(`campaign:${c.slug}`, input);
    });
  }
  const loaders: ReferenceLoader[] = [
    { name: 'campaigns', present: async () => (await campaigns.count()) > 0, load: loadCampaigns },
  ];

  return {
    sources,
    add: (more) => void loaders.push(...more),
    async isIncomplete() {
      for (const l of loaders) if (l.present && !(await l.present())) return true;
      return false;
    },
    async load() {
      const summary: LoadSummary = {};
      for (const l of loaders) summary[l.name] = await l.load();
      return summary;
    },
  };
}
