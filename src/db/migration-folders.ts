// Every module's migrations/ folder, for the migrator. Order does not matter: migrations run by name.
// One URL per module, so that each module's definition can declare its own folder instead.
export const ALL_MIGRATION_FOLDERS: URL[] = [
  new URL('../core/regions/migrations/', import.meta.url),
  new URL('../core/accounts/migrations/', import.meta.url),
  new URL('../core/privacy/migrations/', import.meta.url),
  new URL('../core/campaigns/migrations/', import.meta.url),
  new URL('../core/mail/migrations/', import.meta.url),
  new URL('../jobs/migrations/', import.meta.url),
  new URL('../observatory/migrations/', import.meta.url),
  new URL('../monitor/migrations/', import.meta.url),
  new URL('../help/migrations/', import.meta.url),
  new URL('../components/petition/migrations/', import.meta.url),
  new URL('../components/appeal/migrations/', import.meta.url),
  new URL('../components/testimony/migrations/', import.meta.url),
];
