// Pages reached from the emails and after signing: "check your email" (the same whether or not the
// address had signed before), the confirm, withdraw and stop-updates pages with their POST buttons (mail scanners
// that open links confirm nothing), and clear pages for invalid, expired or used links.
import { SharePetition, type ShareTarget } from './share.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField } from '../../../ui/widgets/forms.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { PetitionView } from '../petition.ts';

function Frame({
  ctx,
  title,
  children,
  petition,
}: {
  ctx: PageContext;
  title: string;
  children: preact.ComponentChildren;
  petition?: PetitionView;
}) {
  return (
    <Layout ctx={ctx} title={title} noindex>
      <section class="narrow link-page">
        {petition ? (
          <p class="card__meta">
            <a href={`/${ctx.locale}/petitions/${petition.id}`}>
              <Tr ctx={ctx} value={petition.settings.title} />
            </a>
          </p>
        ) : null}
        <h1>{title}</h1>
        {children}
      </section>
    </Layout>
  );
}

export function CheckEmailPage({ ctx, petition }: { ctx: PageContext; petition: PetitionView }) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} title={t('petition.check.title')} petition={petition}>
      <p>{t('petition.check.text')}</p>
      <p class="hint">{t('petition.check.hint')}</p>
    </Frame>
  );
}

export function ActionPage({
  ctx,
  petition,
  token,
  kind,
}: {
  ctx: PageContext;
  petition: PetitionView;
  token: string;
  kind: 'confirm' | 'withdraw' | 'unsubscribe';
}) {
  const { t, locale } = ctx;
  return (
    <Frame ctx={ctx} title={t(`petition.${kind}.title`)} petition={petition}>
      <p>{t(`petition.${kind}.text`)}</p>
      <form method="post" action={`/${locale}/petitions/${kind}/${token}`}>
        <CsrfField ctx={ctx} />
        <button class={kind === 'confirm' ? 'button' : 'button button--secondary'} type="submit">
          {t(`petition.${kind}.button`)}
        </button>
      </form>
    </Frame>
  );
}

export type OutcomeKind =
  'confirmed' | 'already' | 'withdrawn' | 'unsubscribed' | 'closed' | 'gone' | 'invalid' | 'expired';

export function OutcomePage({
  ctx,
  kind,
  petition,
  share,
}: {
  ctx: PageContext;
  kind: OutcomeKind;
  petition?: PetitionView;
  /** After a confirmed signature on an open petition: ways to pass it on. */
  share?: ShareTarget;
}) {
  const { t, locale } = ctx;
  return (
    <Frame ctx={ctx} title={t(`petition.outcome.${kind}.title`)} petition={petition}>
      <p>{t(`petition.outcome.${kind}.text`)}</p>
      {petition && (kind === 'withdrawn' || kind === 'expired') && petition.state === 'open' ? (
        <p>
          <a class="button button--secondary" href={`/${locale}/petitions/${petition.id}#sign`}>
            {t('petition.outcome.sign_again')}
          </a>
        </p>
      ) : null}
      {share ? <SharePetition ctx={ctx} share={share} /> : null}
    </Frame>
  );
}
