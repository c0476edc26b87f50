import type { PageContext } from '../context.ts';
import { Layout } from '../layout.tsx';

export function AboutPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('about.title')}>
      <article class="prose">
        <h1>{t('about.title')}</h1>
        <p class="lead">{t('about.lead')}</p>
        <h2>{t('about.privacy.title')}</h2>
        <ul>
          <li>{t('about.privacy.no_third_parties')}</li>
          <li>{t('about.privacy.no_ip')}</li>
          <li>{t('about.privacy.no_cookies')}</li>
          <li>{t('about.privacy.tor')}</li>
        </ul>
        <h2>{t('about.data.title')}</h2>
        <p>{t('about.data.text')}</p>
        <h2>{t('about.software.title')}</h2>
        <p>{t('about.software.text')}</p>
      </article>
    </Layout>
  );
}
