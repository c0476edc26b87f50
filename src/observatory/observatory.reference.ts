// The observatory's part of the reference dataset (data/reference/observatory.json): every case, law,
// event and organisation of the seed documents, the seeds themselves as sources, the claims each source
// supports, and the typed links between records and campaigns. Loading is idempotent.
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { ReferenceLoader } from '../core/modules/index.ts';
import { readReferenceJson, type ReferenceService, type ReferenceSource } from '../core/reference/index.ts';
import type { Translatable } from '../i18n/locales.ts';
import type { EndpointRef, EntityDetails, EntityInput, Kind, Step } from './observatory.model.ts';
import type { ObservatoryService } from './observatory.service.ts';

export interface ReferenceRecord {
  key: string; // stable id inside the dataset, e.g. "case:talgo"
  kind: Exclude<Kind, 'source'>;
  slug: string;
  subtype: string | null;
  title: Translatable;
  summary: Translatable;
  body?: Translatable;
  region: string | null;
  place?: Translatable;
  date_start: string | null;
  date_end?: string | null;
  details?: EntityDetails;
  steps?: Step[];
  uncertainties?: Translatable[];
  sources: Array<{ source: string; claim: Translatable }>;
}

export interface ReferenceLink {
  from: string; // a record key or "campaign:<slug>"
  relation: string;
  to: string;
  note?: Translatable;
}

export interface ObservatoryReference {
  source_slugs: Record<string, string>;
  records: ReferenceRecord[];
  links: ReferenceLink[];
}

export const readObservatoryReference = () => readReferenceJson<ObservatoryReference>('observatory.json');

function sourceInput(src: ReferenceSource, slug: string): EntityInput {
  return {
    kind: 'source',
    slug,
    subtype: src.kind.replace(/-/g, '_'),
    title: { [['kk', 'ru', 'en'].includes(src.language) ? src.language : 'en']: src.title },
    summary: src.note,
    body: {},
    region: null,
    place: {},
    dateStart: src.published,
    dateEnd: null,
    details: {
      ref: src.id,
      publisher: src.publisher,
      url: src.url ?? null,
      language: src.language,
      authors: src.authors ?? [],
    },
    steps: [],
    uncertainties: [],
  };
}

const recordInput = (r: ReferenceRecord): EntityInput => ({
  kind: r.kind,
  slug: r.slug,
  subtype: r.subtype,
  title: r.title,
  summary: r.summary,
  body: r.body ?? {},
  region: r.region,
  place: r.place ?? {},
  dateStart: r.date_start,
  dateEnd: r.date_end ?? null,
  details: r.details ?? {},
  steps: r.steps ?? [],
  uncertainties: r.uncertainties ?? [],
});

interface Deps {
  reference: Pick<ReferenceService, 'sources'>;
  observatory: ObservatoryService;
  campaigns: Pick<CampaignsService, 'getBySlug'>;
}

async function load(s: Deps) {
  const data = readObservatoryReference();
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const slugOf = new Map<string, string>();

  for (const src of s.reference.sources()) {
    const slug = data.source_slugs[src.id];
    if (!slug) throw new Error(`observatory.json gives no slug for source ${src.id}`);
    slugOf.set(src.id, slug);
    counts[await s.observatory.upsertReference(`source:${src.id}`, sourceInput(src, slug))]++;
  }
  for (const r of data.records) {
    if (slugOf.has(r.key)) throw new Error(`Reference record key ${r.key} is used twice`);
    slugOf.set(r.key, r.slug);
    counts[await s.observatory.upsertReference(r.key, recordInput(r))]++;
  }

  const ref = (key: string): EndpointRef => {
    if (key.startsWith('campaign:')) return { type: 'campaign', slug: key.slice('campaign:'.length) };
    const slug = slugOf.get(key);
    if (!slug) throw new Error(`Reference link names unknown record ${key}`);
    return { type: 'entity', slug };
  };
  for (const r of data.records) {
    if (!r.sources.length) throw new Error(`Reference record ${r.key} cites no source`);
    for (const c of r.sources) {
      if (!slugOf.has(c.source)) throw new Error(`Reference record ${r.key} cites unknown source ${c.source}`);
      counts[
        await s.observatory.upsertReferenceLink(`cites:${r.key}:${c.source}`, {
          from: ref(r.key),
          relation: 'cites',
          to: ref(c.source),
          note: c.claim,
        })
      ]++;
    }
  }
  const campaignExists = async (key: string) =>
    !key.startsWith('campaign:') ||
    !!(await s.campaigns.getBySlug(key.slice(9), { includeDrafts: true }).catch(() => null));
  for (const l of data.links) {
    // A campaign missing from this installation (never loaded, or its slug taken by staff): skip the link.
    if (!(await campaignExists(l.from)) || !(await campaignExists(l.to))) {
      counts.unchanged++;
      continue;
    }
    counts[
      await s.observatory.upsertReferenceLink(`link:${l.from}:${l.relation}:${l.to}`, {
        from: ref(l.from),
        relation: l.relation,
        to: ref(l.to),
        note: l.note ?? {},
      })
    ]++;
  }
  return counts;
}

export const observatoryReferenceLoader = (deps: Deps): ReferenceLoader => ({
  name: 'observatory',
  present: async () => Object.keys(await deps.observatory.counts()).length > 0,
  load: () => load(deps),
});
