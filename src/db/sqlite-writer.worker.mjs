// Runs SQLite statements for the main thread on a connection of its own, so that a commit's fsync
// (synchronous=FULL) blocks this thread instead of the web server's event loop. Plain JavaScript:
// worker threads do not inherit the TypeScript loader.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const statements = new Map();
function prepare(sql) {
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}

/** One statement run once per row (bulk ingest): nothing back, changed-or-not flags, or RETURNING rows. */
function bulk({ sql, rows, want }) {
  if (want === 'pragma') return db.pragma(sql, { simple: true });
  const stmt = prepare(sql);
  if (want === 'rows') {
    const out = [];
    for (const r of rows) {
      const got = stmt.get(r);
      if (got) out.push(got);
    }
    return out;
  }
  if (want === 'changed') {
    const flags = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) flags[i] = stmt.run(rows[i]).changes > 0 ? 1 : 0;
    return flags;
  }
  for (const r of rows) stmt.run(r);
  return null;
}

parentPort.on('message', ({ id, sql, params, bulk: job, rollback }) => {
  try {
    if (rollback) {
      if (db.inTransaction) db.exec('rollback');
      return parentPort.postMessage({ id, rows: [] });
    }
    if (job) {
      const result = bulk(job);
      return parentPort.postMessage(
        { id, rows: [], bulk: result },
        result instanceof Uint8Array ? [result.buffer] : [],
      );
    }
    const stmt = prepare(sql);
    if (stmt.reader) return parentPort.postMessage({ id, rows: stmt.all(params) });
    const { changes, lastInsertRowid } = stmt.run(params);
    parentPort.postMessage({
      id,
      rows: [],
      changes,
      lastInsertRowid: lastInsertRowid === undefined ? undefined : String(lastInsertRowid),
    });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err.message, code: err.code } });
  }
});
parentPort.postMessage({ ready: true });
