export interface IpSaltsTable {
  day: string;
  salt: string;
  created_at: string;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    ip_salts: IpSaltsTable;
  }
}
