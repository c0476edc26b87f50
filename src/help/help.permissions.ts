// Who may change the help directory: the people who refer survivors to it (caseworkers), those who
// run campaigns (organisers) and admins. Everyone may read the published directory.
import { can, type Staff } from '../core/accounts/index.ts';

export const canEditHelp = (staff: Pick<Staff, 'id' | 'role'> | null | undefined): boolean =>
  can(staff, 'casework.handle') || can(staff, 'campaign.create');

/** A CSV import adds or rewrites many public entries at once: admins only. */
export const canImportHelp = (staff: Pick<Staff, 'role'> | null | undefined): boolean => staff?.role === 'admin';
