import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { KIND_PATH, KINDS } from '../observatory.model.ts';
import { ObservatoryNav } from './parts.tsx';

export interface DataPageProps {
  ctx: PageContext;
  licence: { name: string; url: string };
}

export function DataPage({ ctx, licence }: DataPageProps) {
  const { t } = ctx;
  const api = '/api/v1/observatory';
  return (
    <Layout ctx={ctx} title={t('observatory.data.title')} description={t('observatory.data.lead')}>
      <ObservatoryNav ctx={ctx} current="data" />
      <article class="prose obs-data">
        <h1>{t('observatory.data.title')}</h1>
        <p class="lead">{t('observatory.data.lead')}</p>
        <h2 id="licence">{t('observatory.data.licence')}</h2>
        <p>
          {t('observatory.data.licence_text', { licence: licence.name })}{' '}
          <a href={licence.url} rel="license noopener noreferrer">
            {licence.url}
          </a>
        </p>
        <p>{t('observatory.data.attribution', { url: ctx.base })}</p>
        <p>{t('observatory.data.sources_note')}</p>
        <h2>{t('observatory.data.csv')}</h2>
        <ul>
          {KINDS.map((k) => (
            <li>
              <a href={`${api}/export/${KIND_PATH[k]}.csv`} download>
                {t(`observatory.kind.${k}.other`)} (CSV)
              </a>
            </li>
          ))}
          <li>
            <a href={`${api}/export/links.csv`} download>
              {t('observatory.data.links_csv')}
            </a>
          </li>
        </ul>
        <p class="hint">{t('observatory.data.csv_hint')}</p>
        <h2>{t('observatory.data.api')}</h2>
        <p>{t('observatory.data.api_text')}</p>
        <ul>
          <li>
            <a href={`${api}/openapi.json`} type="application/json">
              {t('observatory.data.openapi')}
            </a>{' '}
            (<code>{`${api}/openapi.json`}</code>)
          </li>
          {KINDS.map((k) => (
            <li>
              <code>{`GET ${api}/${KIND_PATH[k]}`}</code>, <code>{`GET ${api}/${KIND_PATH[k]}/{slug}`}</code>
            </li>
          ))}
          <li>
            <code>{`GET ${api}/timeline`}</code>, <code>{`GET ${api}/links`}</code>, <code>{`GET ${api}/regions`}</code>
            , <code>{`GET ${api}/impact/{campaign}`}</code>
          </li>
        </ul>
        <h2>{t('observatory.data.care')}</h2>
        <p>{t('observatory.data.care_text')}</p>
      </article>
    </Layout>
  );
}
