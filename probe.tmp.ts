import { sql } from 'kysely';
import { startSite } from './test/helpers/site.ts';
const t0 = Date.now();
const site = await startSite();
console.log('site in', Date.now() - t0, 'ms');
const tables = (await site.services.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
const empty: string[] = [];
for (const name of tables) {
  const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(site.services.db)).rows[0].n);
  if (!n) empty.push(name);
}
console.log('empty:', empty.join(' '));
await site.close();
