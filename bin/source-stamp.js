// What bin/dauys.js compares with dist/built.json to tell whether the build is older than the sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time and the number of files under src/ (a deleted file changes the count). */
export function sourceStamp(dir = join(import.meta.dirname, '..', 'src')) {
  let newest = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        files++;
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
  };
  walk(dir);
  return { newest, files };
}
