// The `testimony` campaign component: a campaign's call for testimonies ("share your story"), its
// stories wall, and — through its plugin — the standing intake, follow-up, casework, publication,
// statistics and key management pages.
import { z } from 'zod';
import type { ComponentFactory } from '../../boot.ts';
import { CSP } from '../../http/security-headers.ts';
import { pickText, type Translatable } from '../../i18n/locales.ts';
import { caseworkRoutes } from './casework.routes.tsx';
import { publicRoutes } from './public.routes.tsx';
import { tellRoutes } from './tell.routes.tsx';

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

// libsodium runs as WebAssembly: the pages of this component allow compiling it (and nothing else more).
const WASM_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

export const testimonyComponent: ComponentFactory = (services) => ({
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
      value: await services.testimony.testimony.countStories(component.id),
    },
  ],
  plugin: async (app) => {
    app.addHook('onSend', async (_req, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
        reply.header('content-security-policy', WASM_CSP);
      return payload;
    });
    await tellRoutes(app, services, services.testimony);
    await publicRoutes(app, services, services.testimony);
    await caseworkRoutes(app, services, services.testimony);
  },
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
