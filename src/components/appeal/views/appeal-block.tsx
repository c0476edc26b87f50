// The appeal's block on its campaign page (pure).
import type { ComponentViewProps } from '../../../core/campaigns/index.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { Tr } from '../../../ui/widgets/translated.tsx';
import type { AppealSettings, AppealSummary } from '../appeal.ts';

export function AppealBlock({ ctx, component, settings, data }: ComponentViewProps<AppealSettings, AppealSummary>) {
  const { t, locale } = ctx;
  const total = data ? data.letters.mailto + data.letters.smtp + data.letters.eotinish : 0;
  return (
    <div class="appeal-block">
      <p class="card__meta">{t('appeal.label')}</p>
      <Tr ctx={ctx} value={settings.subject} as="h2" />
      {settings.intro ? <Tr ctx={ctx} value={settings.intro} as="p" /> : null}
      <p>{t('appeal.block.letters', { count: total, n: formatNumber(total, locale) })}</p>
      <p>
        <a class="button" href={`/${locale}/appeals/${component.id}`}>
          {t('appeal.block.write')}
        </a>
      </p>
    </div>
  );
}
