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

parentPort.on('message', ({ id, sql, params }) => {
  try {
    const stmt = prepare(sql);
    if (stmt.reader) return parentPort.postMessage({ id, rows: stmt.all(params) });
    const { changes, lastInsertRowid } = stmt.run(params);
    parentPort.postMessage({ id, rows: [], changes, lastInsertRowid: lastInsertRowid === undefined ? undefined : String(lastInsertRowid) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err.message, code: err.code } });
  }
});
parentPort.postMessage({ ready: true });
