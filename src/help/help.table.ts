import type { Generated } from 'kysely';

/** One support service: a crisis centre, shelter, hotline, legal aid, psychological or medical service. */
export interface HelpServicesTable {
  id: string;
  reference_key: string | null; // set for rows that come from data/reference/help-services.json
  kind: string; // see HELP_KINDS
  name: string; // {kk,ru,en} JSON
  description: string; // {kk,ru,en} JSON
  region_code: string | null; // null: national (serves every region)
  city: string; // {kk,ru,en} JSON
  address: string; // {kk,ru,en} JSON
  hours: string; // {kk,ru,en} JSON
  phone: string;
  website: string;
  languages: string; // JSON array of kk|ru|en
  serves: string; // JSON array of women|children|men
  needs: string; // "|legal|shelter|": the needs it answers, delimited for a portable LIKE filter
  cost: string; // free | paid | mixed
  verified_on: string | null; // YYYY-MM-DD
  source: string; // who verified it (an organisation, a published list); '' when not stated
  status: string; // published | hidden
  search_text: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    help_services: HelpServicesTable;
  }
}
