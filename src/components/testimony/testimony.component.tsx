// The `testimony` campaign component: a campaign's call for testimonies ("share your story") and a
// link to its stories wall on the campaign page.
import { z } from 'zod';
import type { ComponentManifest } from '../../core/campaigns/index.ts';
import type { KeysService } from './keys.service.ts';
import { pickText, type Translatable } from '../../i18n/locales.ts';
import type { TestimonyService } from './testimony.service.ts';

const text = (max: number) =>
  z.object({
    kk: z.string().max(max).optional(),
    ru: z.string().max(max).optional(),
    en: z.string().max(max).optional(),
  });

export const testimonySettings = z.object({
  call: text(500).refine((v) => !!(v.kk || v.ru || v.en)),
  show_stories: z.boolean().optional(),
});
export type TestimonySettings = z.infer<typeof testimonySettings>;

export const testimonyComponent = (
  cases: Pick<TestimonyService, 'countStories'>,
  keys: Pick<KeysService, 'activeKey'>,
): ComponentManifest<TestimonySettings> => ({
  type: 'testimony',
  labelKey: 'testimony.component.label',
  descriptionKey: 'testimony.component.description',
  settings: {
    schema: testimonySettings,
    fields: [
      { name: 'call', kind: 'translatable-textarea', label: 'testimony.component.call', required: true, max: 500 },
      { name: 'show_stories', kind: 'checkbox', label: 'testimony.component.show_stories' },
    ],
  },
  actions: [{ name: 'submit', labelKey: 'testimony.form.submit', public: true }],
  permissions: (staff, action, { campaign, component }) => {
    if (action === 'submit') return campaign.status === 'live' && component.status === 'published';
    return !!staff && (staff.role === 'admin' || staff.role === 'organiser');
  },
  stats: async (component) => [
    {
      key: 'stories',
      labelKey: 'testimony.component.stories',
      value: await cases.countStories(component.id),
    },
  ],
  // The call is shown without the organisation key, but its form refuses every story until there is one.
  goLive: async (component) => ({
    steps: [
      {
        key: 'testimony.org_key',
        labelKey: 'testimony.golive.org_key',
        done: !!(await keys.activeKey()),
        href: '/admin/testimony-keys',
        whoKey: 'golive.who.admin',
      },
    ],
    publicPath: `/tell/c/${component.id}`,
  }),
  view: ({ ctx, settings, component, stats }) => {
    const { t, locale } = ctx;
    const stories = stats.find((s) => s.key === 'stories')?.value ?? 0;
    return (
      <div class="tell-block">
        <h2>{t('testimony.component.heading')}</h2>
        <p>{pickText(settings.call as Translatable, locale)}</p>
        <p>
          <a class="button" href={`/${locale}/tell/c/${component.id}`}>
            {t('testimony.component.cta')}
          </a>
        </p>
        <p class="hint">{t('testimony.component.safety')}</p>
        {settings.show_stories && stories ? (
          <p>
            <a href={`/${locale}/stories/${component.id}`}>
              {t('testimony.component.read_stories', { count: stories })}
            </a>
          </p>
        ) : null}
      </div>
    );
  },
});
