// Open-data shapes: the JSON the API returns and the CSV files, as pure functions of domain objects.
// Field names are snake_case and stable; translatable texts keep all three languages.
import type { Region } from '../core/regions/index.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import {
  KIND_PATH,
  type Endpoint,
  type Entity,
  type EntityDetails,
  type Kind,
  type Link,
  type LinkView,
  type TimelineItem,
} from './observatory.model.ts';

export interface ExportContext {
  baseUrl: string;
  region(code: string): Region | undefined;
}

const pageUrl = (x: ExportContext, kind: Kind, slug: string) =>
  `${x.baseUrl}/en/observatory/${KIND_PATH[kind]}/${slug}`;
const apiUrl = (x: ExportContext, kind: Kind, slug: string) =>
  `${x.baseUrl}/api/v1/observatory/${KIND_PATH[kind]}/${slug}`;

function detailsJson(d: EntityDetails): Record<string, unknown> {
  const { permit, ...rest } = d;
  return {
    ...rest,
    ...(permit !== undefined
      ? { permit: permit ? { status: permit.status, reason: permit.reason, decided_on: permit.decidedOn } : null }
      : {}),
  };
}

export function endpointJson(x: ExportContext, e: Endpoint) {
  return e.type === 'campaign'
    ? { type: 'campaign', slug: e.slug, title: e.title, url: `${x.baseUrl}/en/campaigns/${e.slug}` }
    : {
        type: 'entity',
        kind: e.kind,
        slug: e.slug,
        title: e.title,
        url: pageUrl(x, e.kind, e.slug),
        api_url: apiUrl(x, e.kind, e.slug),
      };
}

/** The list form of a record: everything but its links. */
export function entityJson(x: ExportContext, e: Entity) {
  const region = e.region ? x.region(e.region) : undefined;
  return {
    id: e.id,
    kind: e.kind,
    slug: e.slug,
    type: e.subtype,
    title: e.title,
    summary: e.summary,
    body: e.body,
    region: region ? { code: region.code, name: region.name } : null,
    place: e.place,
    date: { start: e.dateStart, end: e.dateEnd, precision: e.precision },
    details: detailsJson(e.details),
    steps: e.steps,
    uncertainties: e.uncertainties,
    url: pageUrl(x, e.kind, e.slug),
    api_url: apiUrl(x, e.kind, e.slug),
    published_at: e.publishedAt,
    updated_at: e.updatedAt,
  };
}

/** The item form: the record with its sources (and the claims they support) and its typed links. */
export function entityPageJson(
  x: ExportContext,
  page: { entity: Entity; links: LinkView[]; citations: Array<{ link: Link; source: Entity }>; citedBy: LinkView[] },
) {
  return {
    ...entityJson(x, page.entity),
    sources: page.citations.map((c) => ({
      slug: c.source.slug,
      ref: c.source.details.ref ?? null,
      title: c.source.title,
      publisher: c.source.details.publisher ?? null,
      url: c.source.details.url ?? null,
      claim: c.link.note,
      api_url: apiUrl(x, 'source', c.source.slug),
    })),
    links: page.links.map((v) => ({
      relation: v.link.relation,
      direction: v.direction,
      note: v.link.note,
      other: endpointJson(x, v.other),
    })),
    ...(page.entity.kind === 'source'
      ? { supports: page.citedBy.map((v) => ({ claim: v.link.note, record: endpointJson(x, v.other) })) }
      : {}),
  };
}

export function timelineItemJson(x: ExportContext, item: TimelineItem) {
  const e = item.entity;
  return {
    date: item.date,
    step: item.step,
    record: {
      kind: e.kind,
      slug: e.slug,
      type: e.subtype,
      title: e.title,
      region: e.region,
      url: pageUrl(x, e.kind, e.slug),
      api_url: apiUrl(x, e.kind, e.slug),
    },
  };
}

// CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic correctly)

/** Quotes a cell; cells a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const csv = (rows: unknown[][]): string =>
  '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

const tr = (name: string, v: Translatable | undefined) =>
  LOCALES.map((l) => [`${name}_${l}`, v?.[l] ?? ''] as [string, string]);
const joined = (items: string[]) => items.join('; ');

function kindColumns(e: Entity): Array<[string, unknown]> {
  const d = e.details;
  const steps: [string, unknown] = ['steps', joined(e.steps.map((s) => `${s.step}${s.date ? `@${s.date}` : ''}`))];
  switch (e.kind) {
    case 'case':
      return [
        ['charges', joined((d.charges ?? []).map((c) => c.article ?? c.label.en ?? ''))],
        steps,
        [
          'sentences_en',
          joined(
            (d.sentences ?? []).map(
              (s) => `${s.date ? s.date + ': ' : ''}${s.text.en ?? s.text.ru ?? s.text.kk ?? ''}`,
            ),
          ),
        ],
      ];
    case 'law':
      return [steps, ['articles', joined((d.articles ?? []).map((a) => `${a.code}:${a.article}`))]];
    case 'event':
      return [
        ...tr('organiser', d.organiser),
        ['permit_status', d.permit?.status ?? ''],
        ...tr('permit_reason', d.permit?.reason),
        ['permit_decided_on', d.permit?.decidedOn ?? ''],
        ['participants_min', d.participants?.min ?? ''],
        ['participants_max', d.participants?.max ?? ''],
        ['figures', joined((d.figures ?? []).map((f) => `${f.approx}:${f.value} ${f.label.en ?? ''}`.trim()))],
      ];
    case 'organisation':
      return [['aliases', joined(d.aliases ?? [])], ['website', d.website ?? ''], steps];
    case 'source':
      return [
        ['ref', d.ref ?? ''],
        ['publisher', d.publisher ?? ''],
        ['url', d.url ?? ''],
        ['language', d.language ?? ''],
        ['authors', joined(d.authors ?? [])],
      ];
  }
}

export function entitiesCsv(x: ExportContext, kind: Kind, rows: Array<{ entity: Entity; sources: string[] }>): string {
  const columns = (e: Entity, sources: string[]): Array<[string, unknown]> => [
    ['id', e.id],
    ['slug', e.slug],
    ['type', e.subtype ?? ''],
    ...tr('title', e.title),
    ...tr('summary', e.summary),
    ['region', e.region ?? ''],
    ['region_name_en', e.region ? (x.region(e.region)?.name.en ?? '') : ''],
    ...tr('place', e.place),
    ['date_start', e.dateStart ?? ''],
    ['date_end', e.dateEnd ?? ''],
    ['date_precision', e.precision ?? ''],
    ...kindColumns(e),
    ['uncertainties_en', joined(e.uncertainties.map((u) => u.en ?? u.ru ?? u.kk ?? ''))],
    ['sources', joined(sources)],
    ['url', pageUrl(x, kind, e.slug)],
    ['updated_at', e.updatedAt],
  ];
  const sample: Entity = {
    kind,
    details: {},
    steps: [],
    title: {},
    summary: {},
    place: {},
    uncertainties: [],
  } as unknown as Entity;
  const head = columns(rows[0]?.entity ?? sample, []).map(([k]) => k);
  return csv([head, ...rows.map((r) => columns(r.entity, r.sources).map(([, v]) => v))]);
}

export function linksCsv(items: Array<{ link: Link; from: Endpoint; to: Endpoint }>): string {
  const end = (e: Endpoint) => [e.type === 'campaign' ? 'campaign' : e.kind, e.slug];
  return csv([
    ['id', 'from_kind', 'from_slug', 'relation', 'to_kind', 'to_slug', 'note_kk', 'note_ru', 'note_en'],
    ...items.map(({ link, from, to }) => [
      link.id,
      ...end(from),
      link.relation,
      ...end(to),
      link.note.kk ?? '',
      link.note.ru ?? '',
      link.note.en ?? '',
    ]),
  ]);
}
