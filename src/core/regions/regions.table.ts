export interface RegionsTable {
  code: string;
  kind: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  centre: string;
  centre_lat: number;
  centre_lon: number;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    regions: RegionsTable;
  }
}
