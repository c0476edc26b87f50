// Loads data/reference/help-services.json (the national hotlines and other sourced entries), idempotently.
import type { ReferenceLoader } from '../core/modules/module.ts';
import { readReferenceJson } from '../core/reference/reference.service.ts';
import type { HelpService } from './help.service.ts';
import type { Translatable } from '../i18n/locales.ts';
import type { HelpEntryInput } from './help.ts';

interface ReferenceHelpEntry {
  key: string;
  kind: HelpEntryInput['kind'];
  source: string;
  name: Translatable;
  description: Translatable;
  region: string | null;
  city: Translatable;
  address: Translatable;
  hours: Translatable;
  phone: string;
  website: string;
  languages: HelpEntryInput['languages'];
  serves: HelpEntryInput['serves'];
  needs: HelpEntryInput['needs'];
  cost: HelpEntryInput['cost'];
  verified_on: string | null;
}

async function load(help: Pick<HelpService, 'upsertReference'>) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const e of readReferenceJson<ReferenceHelpEntry[]>('help-services.json')) {
    const input: HelpEntryInput = {
      kind: e.kind,
      name: e.name,
      description: e.description,
      regionCode: e.region,
      city: e.city,
      address: e.address,
      hours: e.hours,
      phone: e.phone,
      website: e.website,
      languages: e.languages,
      serves: e.serves,
      needs: e.needs,
      cost: e.cost,
      verifiedOn: e.verified_on,
      status: 'published',
    };
    counts[await help.upsertReference(`help:${e.key}`, input)]++;
  }
  return counts;
}

export const helpReferenceLoader = (help: Pick<HelpService, 'upsertReference'>): ReferenceLoader => ({
  name: 'help',
  load: () => load(help),
});
