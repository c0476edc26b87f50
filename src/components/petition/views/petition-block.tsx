// The petition's block on its campaign page (pure: settings and the loaded petition only).
import { Tr } from '../../../ui/widgets/translated.tsx';
import type { ComponentViewProps } from '../../../core/campaigns/index.ts';
import type { Petition, PetitionSettings } from '../petition.ts';
import { PUBLIC_STATES } from '../petition.ts';
import { Progress, StateBadge } from './parts.tsx';

export function PetitionBlock({ ctx, component, settings, data }: ComponentViewProps<PetitionSettings, Petition>) {
  const { t, locale } = ctx;
  if (!data || !PUBLIC_STATES.includes(data.state)) return <p class="hint">{t('petition.block.preparing')}</p>;
  return (
    <div class="petition-block">
      <p class="card__meta">
        {t('petition.label')} · <StateBadge ctx={ctx} state={data.state} />
      </p>
      <Tr ctx={ctx} value={settings.title} as="h2" />
      <p>
        {t('petition.addressee')}: <Tr ctx={ctx} value={settings.addressee} />
      </p>
      <Progress ctx={ctx} petition={data} settings={settings} />
      <p>
        <a class="button" href={`/${locale}/petitions/${component.id}`}>
          {data.state === 'open' ? t('petition.block.sign') : t('petition.block.read')}
        </a>
      </p>
    </div>
  );
}
