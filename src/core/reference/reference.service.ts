// The reference dataset in data/reference/: the seeds' campaigns (and, as later modules register
// loaders, their petitions, cases, laws, rallies and organisations). Loading is idempotent.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../boot.ts';
import type { Translatable } from '../../i18n/locales.ts';
import type { CampaignInput, CampaignStatus, Figure, Hashtag, SourceRef } from '../campaigns/campaign.ts';

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

export type LoadSummary = Record<string, { created: number; updated: number; unchanged: number }>;
export type ReferenceLoader = (services: Services) => Promise<{ created: number; updated: number; unchanged: number }>;

export interface ReferenceService {
  sources(): ReferenceSource[];
  /** Adds a loader for another part of the dataset (observatory, petitions …); runs in registration order. */
  register(name: string, loader: ReferenceLoader): void;
  load(): Promise<LoadSummary>;
}

export const readReferenceJson = <T>(file: string): T => JSON.parse(readFileSync(DIR + file, 'utf8')) as T;

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

export function createReferenceService(services: Services): ReferenceService {
  const loaders: Array<[string, ReferenceLoader]> = [];
  let cachedSources: ReferenceSource[] | null = null;
  const sources = () => (cachedSources ??= readReferenceJson<ReferenceSource[]>('sources.json'));

  const campaignsLoader: ReferenceLoader = async (s) => {
    const byId = new Map(sources().map((x) => [x.id, x]));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const c of readReferenceJson<ReferenceCampaign[]>('campaigns.json')) {
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
      counts[await s.campaigns.upsertReference(`campaign:${c.slug}`, input)]++;
    }
    return counts;
  };
  loaders.push(['campaigns', campaignsLoader]);

  return {
    sources,
    register: (name, loader) => void loaders.push([name, loader]),
    async load() {
      const summary: LoadSummary = {};
      for (const [name, loader] of loaders) summary[name] = await loader(services);
      return summary;
    },
  };
}
