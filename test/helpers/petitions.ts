// Makes a live campaign with an open petition through the services, as staff would.
import type { Services } from '../../src/boot.ts';
import type { Staff } from '../../src/core/accounts/roles.ts';
import { createStaff } from './staff.ts';

const tr = (s: string) => ({ kk: s, ru: s, en: s });

/**
 * What the campaign form takes, filled in plainly: a draft campaign called `title`, each text put
 * in the three languages by `translate` (the same words in each, unless a test tells them apart).
 */
export const campaignInput = (slug: string, title: string, translate = tr) => ({
  slug,
  startsOn: '2026-11-01',
  endsOn: null,
  organiser: translate('Test NGO'),
  title: translate(title),
  summary: translate('Summary'),
  body: translate('Body'),
  goals: [],
  figures: [],
  uncertainties: [],
  sources: [],
  hashtagGroups: [],
});

export async function openPetition(
  services: Services,
  opts: { slug?: string; goal?: number; admin?: Staff } = {},
): Promise<{ campaignId: string; petitionId: string; admin: Staff }> {
  const admin = opts.admin ?? (await createStaff(services, 'admin'));
  const slug = opts.slug ?? `petition-${Math.random().toString(36).slice(2, 8)}`;
  const campaign = await services.campaigns.create(campaignInput(slug, 'Test campaign'), admin);
  await services.campaigns.setStatus(campaign.id, 'live', admin);
  const component = await services.campaigns.addComponent(
    campaign.id,
    'petition',
    {
      title: tr('Test petition'),
      text: tr('Text'),
      addressee: tr('The Senate'),
      goal: opts.goal ?? 100_000,
      official_platform: 'none',
    },
    admin,
  );
  await services.petitions.transition(component.id, 'moderation', admin);
  await services.petitions.transition(component.id, 'open', admin);
  return { campaignId: campaign.id, petitionId: component.id, admin };
}
