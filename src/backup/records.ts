// The archive's inner layer: what the sealed stream carries, in order.
//
//   {"dauys":"backup", "format":1, "createdAt", "dialect", "migrations":[…], "secret", "tables":[…]}
//   per table, parents before children: {"table":name,"columns":[…]}, one JSON array per row in
//   primary-key order, then {"end":name,"rows":n}
//   per uploaded file: {"file":"testimony/…","size":n} followed by exactly n raw bytes
//   {"end":"backup","tables":n,"rows":n,"files":n}
//
// JSON lines rather than a database file, so one archive restores into SQLite or PostgreSQL alike
// (see values.ts for how each type is kept); raw bytes for files, so attachments cost no base64.
import { AppError } from '../core/errors.ts';

export interface Manifest {
  dauys: 'backup';
  format: number;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** The migrations the database had run: a restore runs exactly these before loading rows. */
  migrations: string[];
  /** DAUYS_SECRET, which seals stored secrets (two-step keys, signers' details, the ledger's key). */
  secret: string;
  tables: string[];
}

export type Control =
  | { table: string; columns: string[] }
  | { end: string; rows?: number; tables?: number; files?: number }
  | { file: string; size: number };

/** Reads lines and exact byte runs from a stream of buffers, without holding more than one line or chunk. */
export class RecordReader {
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async more(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const rest = this.buf.subarray(this.at);
    this.buf = rest.length ? Buffer.concat([rest, next.value]) : next.value;
    this.at = 0;
    return true;
  }

  /** The next line without its newline; null at the end of the stream. */
  async line(): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf(10, this.at);
      if (nl >= 0) {
        const text = this.buf.toString('utf8', this.at, nl);
        this.at = nl + 1;
        return text;
      }
      if (!(await this.more())) {
        if (this.at < this.buf.length) throw new AppError('BACKUP_DAMAGED');
        return null;
      }
    }
  }

  /** Exactly `size` bytes, handed over in pieces as they arrive. */
  async bytes(size: number, take: (piece: Buffer) => Promise<void>): Promise<void> {
    let left = size;
    while (left > 0) {
      if (this.at >= this.buf.length && !(await this.more())) throw new AppError('BACKUP_DAMAGED');
      const n = Math.min(left, this.buf.length - this.at);
      await take(this.buf.subarray(this.at, this.at + n));
      this.at += n;
      left -= n;
    }
  }

  /** Whether anything follows (the generator must also be run to its end so the final tag is checked). */
  async atEnd(): Promise<boolean> {
    return this.at >= this.buf.length && !(await this.more());
  }
}
