// What the upload pages show of a file analysts uploaded (see uploads.service.ts).
import type { ImportCounts } from './import-report.ts';
import type { ImportFormat } from './monitor.import.ts';
import type { Platform } from './post.ts';

export interface UploadChoice {
  format: ImportFormat | 'auto';
  platform?: Platform;
  columns?: string;
  campaignId?: string | null;
}

export interface Upload {
  id: string;
  fileName: string;
  size: number;
  format: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Running, but no progress for a while: its process stopped; the job queue will start it again. */
  stalled: boolean;
  bytesRead: number;
  read: number;
  inserted: number;
  updated: number;
  rejected: number;
  /** The last part of a `monitor.upload.error.*` message key. */
  error: string | null;
  errorDetail: string | null;
  uploadedBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** The import's summary once it has one (also while it runs). */
  summary: (ImportCounts & { encoding: string | null; platform: string | null }) | null;
}
