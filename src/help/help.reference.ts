// Loads data/reference/help-services.json (the national hotlines and other sourced entries), idempotently.
import type { ReferenceLoader } from '../core/modules/module.ts';
import { upsertEach } from '../core/reference/reference.service.ts';
import type { HelpServiceApi } from './help.service.ts';
import type { Translatable } from '../i18n/locales.ts';
import type { HelpServiceInput } from './help.ts';

interface ReferenceHelpService {
  key: string;
  kind: HelpServiceInput['kind'];
  source: string;
  name: Translatable;
  description: Translatable;
  region: string | null;
  city: Translatable;
  address: Translatable;
  hours: Translatable;
  phone: string;
  website: string;
  languages: HelpServiceInput['languages'];
  serves: HelpServiceInput['serves'];
  needs: HelpServiceInput['needs'];
  cost: HelpServiceInput['cost'];
  verified_on: string | null;
}

function load(help: Pick<HelpServiceApi, 'upsertReference'>) {
  return upsertEach<ReferenceHelpService>('help-services.json', (e) => {
    const input: HelpServiceInput = {
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
    return help.upsertReference(`help:${e.key}`, input);
  });
}

export const helpReferenceLoader = (help: Pick<HelpServiceApi, 'upsertReference'>): ReferenceLoader => ({
  name: 'help',
  load: () => load(help),
});
