// Runs the timestamped migrations (Kysely's Migrator, files found at run time). Each module keeps its
// own in its migrations/ folder; the migrator merges the folders it is given into one list by name.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.ts';

const MIGRATION_FILE = /\.(ts|js)$/;

/** Every migration in the folders, by name (the file name without extension), in name order. */
export async function collectMigrations(folders: readonly URL[]): Promise<Record<string, Migration>> {
  const found = new Map<string, { folder: URL; file: URL }>();
  for (const given of folders) {
    const folder = given.href.endsWith('/') ? given : new URL(given.href + '/');
    for (const file of await readdir(folder)) {
      if (!MIGRATION_FILE.test(file) || file.endsWith('.d.ts')) continue;
      const name = file.replace(MIGRATION_FILE, '');
      const other = found.get(name);
      // Kysely keys migrations by name, so a second one would silently replace the first.
      if (other)
        throw new Error(
          `Migration ${name} is in two folders: ${fileURLToPath(other.folder)} and ${fileURLToPath(folder)}`,
        );
      found.set(name, { folder, file: new URL(file, folder) });
    }
  }
  const out: Record<string, Migration> = {};
  for (const name of [...found.keys()].sort()) out[name] = lazyMigration(found.get(name)!.file.href);
  return out;
}

// A started installation has run every migration: loading ~100 files only to learn that would slow
// each start, so a migration's file is imported when it runs.
function lazyMigration(href: string): Migration {
  const load = () => importSource(href) as Promise<Migration>;
  return {
    up: async (db) => (await load()).up(db),
    down: async (db) => {
      const m = await load();
      if (!m.down) throw new Error(`Migration ${href} cannot be undone`);
      return m.down(db);
    },
  };
}

let typeScript: Promise<void> | undefined;
/** Migrations stay TypeScript sources; the built command line (dist/) loads tsx the first time one runs. */
async function importSource(href: string): Promise<unknown> {
  if (import.meta.dauysBuilt && href.endsWith('.ts'))
    await (typeScript ??= import('tsx/esm/api').then((tsx) => void tsx.register()));
  return import(href);
}

export function migrator(db: Db, folders: readonly URL[]): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => collectMigrations(folders) } satisfies MigrationProvider,
    // A table that moved to the module owning it is created by a new migration named to run before its
    // old one on a fresh database; an existing database has already run the old one, so it sees a new
    // name sorting before applied ones (a no-op there: moved tables are created `ifNotExists`). Kysely
    // refuses that unless allowed. Within a module the names still order its migrations.
    allowUnorderedMigrations: true,
  });
}

/** The names of the migrations that have not run yet, in the order they would run; changes nothing. */
export async function pendingMigrations(db: Db, folders: readonly URL[]): Promise<string[]> {
  const all = await migrator(db, folders).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/** Migrates to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Db, folders: readonly URL[]): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db, folders).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
