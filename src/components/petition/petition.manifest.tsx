// The petition component's manifest: settings, actions, permissions, stats, exporters, pages,
// API, campaign-page block, scheduled jobs and its part of the reference dataset.
import type { ComponentManifest } from '../../core/campaigns/index.ts';
import { can } from '../../core/accounts/index.ts';
import { petitionSettingsSchema, type Petition, type PetitionSettings } from './petition.ts';
import type { PetitionsService } from './petition.service.ts';
import { PetitionBlock } from './views/petition-block.tsx';
import { petitionGoLive } from './petition.go-live.ts';

export function petitionComponent(petitions: PetitionsService): ComponentManifest<PetitionSettings, Petition> {
  const manifest: ComponentManifest<PetitionSettings, Petition> = {
    type: 'petition',
    labelKey: 'petition.component.label',
    descriptionKey: 'petition.component.description',
    settings: {
      schema: petitionSettingsSchema as never,
      fields: [
        { name: 'title', kind: 'translatable-text', label: 'petition.field.title', required: true, max: 200 },
        { name: 'addressee', kind: 'translatable-text', label: 'petition.field.addressee', required: true, max: 300 },
        {
          name: 'text',
          kind: 'translatable-textarea',
          label: 'petition.field.text',
          required: true,
          max: 20_000,
          hint: 'admin.campaign.body_hint',
        },
        { name: 'goal', kind: 'number', label: 'petition.field.goal', required: true, min: 1 },
        { name: 'deadline', kind: 'date', label: 'petition.field.deadline' },
        { name: 'milestones', kind: 'text', label: 'petition.field.milestones', max: 300 },
        {
          name: 'official_platform',
          kind: 'select',
          label: 'petition.field.official_platform',
          options: [
            { value: 'none', label: 'petition.field.official.none' },
            { value: 'epetition', label: 'petition.field.official.epetition' },
            { value: 'eotinish', label: 'petition.field.official.eotinish' },
          ],
        },
        { name: 'official_url', kind: 'url', label: 'petition.field.official_url', max: 500 },
        { name: 'offline_count', kind: 'number', label: 'petition.field.offline_count', min: 0 },
        { name: 'offline_note', kind: 'translatable-text', label: 'petition.field.offline_note', max: 300 },
      ],
    },
    actions: [{ name: 'sign', labelKey: 'petition.sign.submit', public: true }],
    permissions: (staff, action, { campaign, component }) => {
      if (action === 'sign') return campaign.status === 'live' && component.status === 'published';
      return can(staff, 'component.manage', campaign);
    },
    stats: async (component) => [
      {
        key: 'signatures',
        labelKey: 'petition.stat.signatures',
        value: (await petitions.forComponent(component)).count,
      },
    ],
    exporters: [
      {
        name: 'counts',
        labelKey: 'petition.export.counts',
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
        run: (c) => petitions.exportCsv(c, 'counts'),
      },
      {
        name: 'names',
        labelKey: 'petition.export.names',
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
        run: (c) => petitions.exportCsv(c, 'names'),
      },
    ],
    load: (component): Promise<Petition> => petitions.forComponent(component),
    // Signers put their names to these words: once the petition has left draft they stay as they are.
    lockedSettings: async (component) =>
      (await petitions.forComponent(component)).state === 'draft'
        ? null
        : { fields: ['title', 'addressee', 'text'], reasonKey: 'petition.field.locked' },
    adminPath: (component) => `/admin/petitions/${component.id}`,
    goLive: async (component) => petitionGoLive(component.id, (await petitions.forComponent(component)).state),
    view: (props) => <PetitionBlock {...props} />,
  };
  return manifest;
}
