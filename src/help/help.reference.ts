// Loads data/reference/help-services.json (the national hotlines and other sourced entries), idempotently.
import type { ReferenceLoader } from '../core/modules/index.ts';
import { upsertEach } from '../core/reference/index.ts';
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

function load(help: Pick<HelpService, 'upsertReference'>) {
  return upsertEach<ReferenceHelpEntry>('help-services.json', (e) => {
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
      source: e.source,
      status: 'published',
    };
    return help.upsertReference(`help:${e.key}`, input);
  });
}

export const helpReferenceLoader = (help: Pick<HelpService, 'upsertReference'>): ReferenceLoader => ({
  name: 'help',
  load: () => load(help),
});
