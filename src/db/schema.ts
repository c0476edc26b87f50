// The database as Kysely sees it. Each module declares its own tables in its `<name>.table.ts` and adds
// them to this interface there (TypeScript module augmentation), so the database layer imports no module.
export interface Database {}
