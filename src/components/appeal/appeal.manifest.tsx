// The appeal component's manifest: letters to officials with three channels, follow-ups and reply rates.
import { can } from '../../core/accounts/index.ts';
import type { ComponentManifest } from '../../core/campaigns/index.ts';
import { appealSettingsSchema, BODIES, CHANNELS, type AppealSettings, type AppealSummary } from './appeal.ts';
import type { AppealsService } from './appeal.service.ts';
import { AppealBlock } from './views/appeal-block.tsx';

export function appealComponent(appeals: AppealsService): ComponentManifest<AppealSettings, AppealSummary> {
  const manifest: ComponentManifest<AppealSettings, AppealSummary> = {
    type: 'appeal',
    labelKey: 'appeal.component.label',
    descriptionKey: 'appeal.component.description',
    settings: {
      schema: appealSettingsSchema as never,
      fields: [
        { name: 'subject', kind: 'translatable-text', label: 'appeal.field.subject', required: true, max: 200 },
        { name: 'intro', kind: 'translatable-textarea', label: 'appeal.field.intro', max: 2000 },
        { name: 'template', kind: 'translatable-textarea', label: 'appeal.field.template', required: true, max: 8000 },
        {
          name: 'target_mode',
          kind: 'select',
          label: 'appeal.field.target_mode',
          options: (['body', 'regional', 'named'] as const).map((m) => ({ value: m, label: `appeal.target.${m}` })),
        },
        {
          name: 'target_body',
          kind: 'select',
          label: 'appeal.field.target_body',
          options: BODIES.map((b) => ({ value: b, label: `appeal.body.${b}` })),
        },
        { name: 'eotinish_url', kind: 'url', label: 'appeal.field.eotinish_url', max: 500 },
      ],
    },
    actions: [{ name: 'send', labelKey: 'appeal.write.submit', public: true }],
    permissions: (staff, action, { campaign, component }) => {
      if (action === 'send') return campaign.status === 'live' && component.status === 'published';
      return can(staff, 'component.manage', campaign);
    },
    stats: async (component) => {
      const s = await appeals.summary(component.id);
      return CHANNELS.map((c) => ({ key: `letters_${c}`, labelKey: `appeal.channel.${c}.short`, value: s.letters[c] }));
    },
    load: (component) => appeals.summary(component.id),
    adminPath: (component) => `/admin/appeals/${component.id}`,
    goLive: async (component) => ({ steps: [], publicPath: `/appeals/${component.id}` }),
    view: (props) => <AppealBlock {...props} />,
  };
  return manifest;
}
