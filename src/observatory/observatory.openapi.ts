// The OpenAPI 3.1 description of the observatory's open-data API, served at
// /api/v1/observatory/openapi.json. A test checks every path here against the running app.
import { KIND_PATH, KINDS, PERMIT_STATUSES, RELATIONS, STEPS, STORY_KINDS, SUBTYPES } from './observatory.model.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (
  name: string,
  description: string,
  schema: Record<string, unknown>,
  where: 'query' | 'path' = 'query',
) => ({ name, in: where, required: where === 'path', description, schema });
const paging = [
  param('limit', 'Records per answer (1–100).', { type: 'integer', minimum: 1, maximum: 100, default: 50 }),
  param('offset', 'Records to skip.', { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
];
const regionParam = param('region', 'ISO 3166-2:KZ code of a first-level unit, e.g. KZ-75 (Almaty).', {
  type: 'string',
  pattern: '^KZ-\\d{2}$',
});
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const list = (item: unknown) =>
  json({
    type: 'object',
    required: ['data', 'meta'],
    properties: { data: { type: 'array', items: item }, meta: ref('ListMeta') },
  });
const one = (item: unknown) =>
  json({ type: 'object', required: ['data', 'meta'], properties: { data: item, meta: ref('Meta') } });
const errors = {
  '400': json(ref('Error'), 'Bad query: the message says which parameter and why'),
  '404': json(ref('Error'), 'No such public record'),
};

export function openApiDocument(opts: { baseUrl: string; licence: { name: string; url: string } }) {
  const paths: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const p = KIND_PATH[kind];
    paths[`/api/v1/observatory/${p}`] = {
      get: {
        operationId: `list_${p}`,
        summary: `Published ${p}, newest first`,
        tags: [p],
        parameters: [
          param(
            'q',
            'Search words in any of kk/ru/en, in Cyrillic or Latin letters; case, Kazakh letters and script are folded (қ = к = q, ә = а = ä …).',
            {
              type: 'string',
              maxLength: 100,
            },
          ),
          regionParam,
          ...paging,
        ],
        responses: { '200': list(ref('Entity')), '400': errors['400'] },
      },
    };
    paths[`/api/v1/observatory/${p}/{slug}`] = {
      get: {
        operationId: `get_${kind}`,
        summary: `One published ${kind} with its sources, the claims they support, and its typed links`,
        tags: [p],
        parameters: [
          param(
            'slug',
            'The record’s address name.',
            { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' },
            'path',
          ),
        ],
        responses: { '200': one(ref('EntityFull')), '404': errors['404'] },
      },
    };
  }
  paths['/api/v1/observatory/timeline'] = {
    get: {
      operationId: 'timeline',
      summary:
        'Dated moments of published cases, laws, events and organisations: each record’s own date and each dated status step',
      tags: ['timeline'],
      parameters: [
        param('kind', 'Only one kind.', { type: 'string', enum: [...STORY_KINDS] }),
        regionParam,
        param('year', 'Only this year.', { type: 'integer', minimum: 1900, maximum: 2200 }),
        param('campaign', 'Only records linked to this campaign (its slug).', { type: 'string' }),
        param('order', 'Newest or oldest first.', { type: 'string', enum: ['desc', 'asc'], default: 'desc' }),
        ...paging,
      ],
      responses: { '200': list(ref('TimelineItem')), '400': errors['400'] },
    },
  };
  paths['/api/v1/observatory/links'] = {
    get: {
      operationId: 'links',
      summary: 'Typed links between public records and campaigns',
      tags: ['links'],
      parameters: paging,
      responses: { '200': list(ref('Link')), '400': errors['400'] },
    },
  };
  paths['/api/v1/observatory/regions'] = {
    get: {
      operationId: 'regions',
      summary:
        'Counts by first-level unit for a map layer (all, event, case, organisation, or a layer another module adds)',
      tags: ['map'],
      parameters: [param('layer', 'Map layer.', { type: 'string', default: 'all' })],
      responses: {
        '200': json({
          type: 'object',
          properties: { data: { type: 'array', items: ref('RegionCount') }, meta: ref('Meta') },
        }),
        '400': errors['400'],
      },
    },
  };
  paths['/api/v1/observatory/impact/{campaign}'] = {
    get: {
      operationId: 'impact',
      summary: 'A campaign’s signals over time and the records linked to it',
      tags: ['impact'],
      parameters: [param('campaign', 'Campaign slug.', { type: 'string' }, 'path')],
      responses: { '200': one(ref('Impact')), '404': errors['404'] },
    },
  };
  paths['/api/v1/observatory/export/{file}'] = {
    get: {
      operationId: 'export_csv',
      summary: 'Every published record of one kind, or every public link, as CSV (UTF-8 with BOM, RFC 4180)',
      tags: ['export'],
      parameters: [
        param(
          'file',
          'File name.',
          { type: 'string', enum: [...KINDS.map((k) => `${KIND_PATH[k]}.csv`), 'links.csv'] },
          'path',
        ),
      ],
      responses: {
        '200': { description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
        '404': errors['404'],
      },
    },
  };
  paths['/api/v1/observatory/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['meta'],
      responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
    },
  };

  const translatable = {
    type: 'object',
    description: 'One text per language (Kazakh in Cyrillic, Russian, English); any may be missing.',
    properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } },
    additionalProperties: false,
  };
  const partialDate = {
    type: ['string', 'null'],
    pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
    description: 'YYYY, YYYY-MM or YYYY-MM-DD: as precise as the sources are.',
  };
  const endpoint = {
    type: 'object',
    required: ['type', 'slug', 'title', 'url'],
    properties: {
      type: { enum: ['entity', 'campaign'] },
      kind: { enum: [...KINDS] },
      slug: { type: 'string' },
      title: ref('Translatable'),
      url: { type: 'string', format: 'uri' },
      api_url: { type: 'string', format: 'uri' },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dauys observatory — open data',
      version: '1.0.0',
      description:
        `Read-only API of the public observatory of Kazakhstan's movement against gender-based violence: cases, laws, events (rallies and their permits), organisations and the sources behind them, linked to the campaigns that moved them. ` +
        `Data licence: ${opts.licence.name} (${opts.licence.url}); every answer repeats it in meta.licence and in a Link header (rel="license"). No key, no cookies; answers may be cached for 30 seconds. ` +
        `Errors are JSON ({"error": {"status", "message"}}) in the language of Accept-Language (kk, ru or en).`,
      license: { name: opts.licence.name, url: opts.licence.url },
    },
    servers: [{ url: opts.baseUrl }],
    paths,
    components: {
      schemas: {
        Translatable: translatable,
        Licence: {
          type: 'object',
          required: ['name', 'url'],
          properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' } },
        },
        Meta: { type: 'object', required: ['licence'], properties: { licence: ref('Licence') } },
        ListMeta: {
          type: 'object',
          required: ['licence', 'total', 'limit', 'offset'],
          properties: {
            licence: ref('Licence'),
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['status', 'message'],
              properties: { status: { type: 'integer' }, message: { type: 'string' } },
            },
          },
        },
        Step: {
          type: 'object',
          required: ['step', 'date', 'note'],
          properties: {
            step: {
              type: 'string',
              description: Object.entries(STEPS)
                .filter(([, v]) => v.length)
                .map(([k, v]) => `${k}: ${v.join(', ')}`)
                .join('; '),
            },
            date: partialDate,
            note: ref('Translatable'),
          },
        },
        Entity: {
          type: 'object',
          required: ['id', 'kind', 'slug', 'title', 'date', 'details', 'url'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            kind: { enum: [...KINDS] },
            slug: { type: 'string' },
            type: {
              type: ['string', 'null'],
              description: Object.entries(SUBTYPES)
                .filter(([, v]) => v.length)
                .map(([k, v]) => `${k}: ${v.join(', ')}`)
                .join('; '),
            },
            title: ref('Translatable'),
            summary: ref('Translatable'),
            body: { ...translatable, description: 'Markdown.' },
            region: { type: ['object', 'null'], properties: { code: { type: 'string' }, name: ref('Translatable') } },
            place: ref('Translatable'),
            date: {
              type: 'object',
              properties: { start: partialDate, end: partialDate, precision: { enum: ['day', 'month', 'year', null] } },
            },
            details: {
              type: 'object',
              description:
                'Kind-specific. Cases: charges [{article, label}], sentences [{date, text}]. Laws: articles [{code, article, note}]. Events: organiser, permit {status, reason, decided_on}, participants {min, max}, figures. Organisations: aliases, website. Sources: ref, publisher, url, language, authors.',
              properties: {
                permit: {
                  type: ['object', 'null'],
                  properties: {
                    status: { enum: [...PERMIT_STATUSES] },
                    reason: ref('Translatable'),
                    decided_on: partialDate,
                  },
                },
              },
            },
            steps: { type: 'array', items: ref('Step') },
            uncertainties: {
              type: 'array',
              items: ref('Translatable'),
              description: 'What the sources leave open or contradict.',
            },
            url: { type: 'string', format: 'uri' },
            api_url: { type: 'string', format: 'uri' },
            published_at: { type: ['string', 'null'], format: 'date-time' },
            updated_at: { type: 'string', format: 'date-time' },
          },
        },
        EntityFull: {
          allOf: [
            ref('Entity'),
            {
              type: 'object',
              required: ['sources', 'links'],
              properties: {
                sources: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      slug: { type: 'string' },
                      ref: { type: ['string', 'null'] },
                      title: ref('Translatable'),
                      publisher: { type: ['string', 'null'] },
                      url: { type: ['string', 'null'] },
                      claim: ref('Translatable'),
                    },
                  },
                },
                links: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      relation: { enum: [...RELATIONS] },
                      direction: { enum: ['out', 'in'] },
                      note: ref('Translatable'),
                      other: ref('Endpoint'),
                    },
                  },
                },
                supports: {
                  type: 'array',
                  description: 'Sources only: the records and claims this source supports.',
                  items: { type: 'object', properties: { claim: ref('Translatable'), record: ref('Endpoint') } },
                },
              },
            },
          ],
        },
        Endpoint: endpoint,
        TimelineItem: {
          type: 'object',
          required: ['date', 'record'],
          properties: {
            date: partialDate,
            step: { oneOf: [ref('Step'), { type: 'null' }], description: 'null: the record’s own date.' },
            record: {
              type: 'object',
              properties: {
                kind: { enum: [...STORY_KINDS] },
                slug: { type: 'string' },
                type: { type: ['string', 'null'] },
                title: ref('Translatable'),
                region: { type: ['string', 'null'] },
                url: { type: 'string' },
                api_url: { type: 'string' },
              },
            },
          },
        },
        Link: {
          type: 'object',
          required: ['id', 'relation', 'from', 'to'],
          properties: {
            id: { type: 'string' },
            relation: {
              enum: [...RELATIONS],
              description: 'from sparked / responded to / was organised by / preceded / cites to',
            },
            from: ref('Endpoint'),
            to: ref('Endpoint'),
            note: ref('Translatable'),
          },
        },
        RegionCount: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            name: ref('Translatable'),
            centre: {
              type: 'object',
              properties: { name: ref('Translatable'), lat: { type: 'number' }, lon: { type: 'number' } },
            },
            count: { type: 'integer' },
          },
        },
        Impact: {
          type: 'object',
          properties: {
            campaign: {
              type: 'object',
              properties: {
                slug: { type: 'string' },
                title: ref('Translatable'),
                starts_on: partialDate,
                url: { type: 'string' },
              },
            },
            records: { type: 'array', items: ref('TimelineItem') },
            links: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  relation: { enum: [...RELATIONS] },
                  direction: { enum: ['out', 'in'] },
                  note: ref('Translatable'),
                  other: ref('Endpoint'),
                },
              },
            },
            signals: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  points: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { date: { type: 'string', format: 'date' }, value: { type: 'number' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
