// A petition's own steps before the public sees it: an organiser sends it to moderation, then a
// moderator or an admin approves it, which also shows it on the campaign page (lifecycle.service.ts).
import type { GoLiveNeeds } from '../../core/campaigns/index.ts';
import type { PetitionState } from './petition.ts';

/** States reached only through a moderator's approval. */
const APPROVED: readonly PetitionState[] = ['open', 'closed', 'delivered', 'answered'];

export function petitionGoLive(id: string, state: PetitionState): GoLiveNeeds {
  const page = `/admin/petitions/${id}`;
  return {
    steps: [
      {
        key: 'petition.moderation',
        labelKey: state === 'rejected' ? 'petition.golive.resubmit' : 'petition.golive.moderation',
        done: state !== 'draft' && state !== 'rejected',
        href: page,
      },
      {
        key: 'petition.approval',
        labelKey: 'petition.golive.approval',
        done: APPROVED.includes(state),
        href: page,
        whoKey: 'golive.who.moderator',
      },
    ],
    publishesItself: true,
    publicPath: `/petitions/${id}`,
  };
}
