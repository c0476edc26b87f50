// Row types of the monitor's tables (see the 2026-11-22T0500_monitor migration).
import type { Generated } from 'kysely';

export interface MonitorPostsTable {
  id: string;
  platform: string;
  external_id: string;
  url: string | null;
  author_id: string | null;
  author_handle: string | null;
  author_name: string | null;
  author_followers: number | null;
  author_key: string | null;
  created_at: string;
  text: string;
  hashtags: string;
  tag_keys: string;
  mentions: string;
  links: string;
  lang: string;
  campaign_ids: string;
  reply_to: string | null;
  repost_of: string | null;
  quote_of: string | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  views: number | null;
  media_count: Generated<number>;
  source: string;
  raw: string;
  collected_at: string | null;
  first_seen_at: string;
  updated_at: string;
}

export interface MonitorImportsTable {
  id: string;
  file_name: string;
  file_key: string;
  format: string;
  platform: string | null;
  campaign_id: string | null;
  status: 'running' | 'done' | 'failed';
  encoding: string | null;
  lines_done: Generated<number>;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  rejected: Generated<number>;
  rejects: Generated<string>;
  reasons: Generated<string>;
  error: string | null;
  started_by: string;
  started_at: string;
  finished_at: string | null;
}

export interface MonitorUploadsTable {
  id: string;
  file_name: string;
  size: number;
  format: string;
  platform: string | null;
  columns: string | null;
  campaign_id: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  bytes_read: Generated<number>;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  rejected: Generated<number>;
  import_id: string | null;
  error: string | null;
  error_detail: string | null;
  host: string;
  uploaded_by: string;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  finished_at: string | null;
}

export interface MonitorRollupHoursTable {
  scope: string;
  bucket: string;
  platform: string;
  lang: string;
  posts: Generated<number>;
  likes: Generated<number>;
  comments: Generated<number>;
  shares: Generated<number>;
  views: Generated<number>;
  new_authors: Generated<number>;
}

export interface MonitorRollupTagsTable {
  scope: string;
  day: string;
  tag: string;
  posts: Generated<number>;
}

export interface MonitorRollupTopTable {
  scope: string;
  day: string;
  posts: string;
}

export interface MonitorScopeAuthorsTable {
  scope: string;
  author_key: string;
  platform: string;
  handle: string | null;
  name: string | null;
  followers: Generated<number>;
  posts: Generated<number>;
  engagement: Generated<number>;
  first_at: string;
  first_lang: string;
  last_at: string;
  prev_first_at: string | null;
  prev_first_lang: string | null;
}

export interface MonitorTagsTable {
  key: string;
  tag: string;
  skeleton: string;
  posts: Generated<number>;
  first_at: string;
  last_at: string;
}

export interface MonitorCursorsTable {
  connector: string;
  query: string;
  cursor: string | null;
  last_run_at: string | null;
  last_error: string | null;
  fetched: Generated<number>;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    monitor_posts: MonitorPostsTable;
    monitor_imports: MonitorImportsTable;
    monitor_uploads: MonitorUploadsTable;
    monitor_rollup_hours: MonitorRollupHoursTable;
    monitor_rollup_tags: MonitorRollupTagsTable;
    monitor_rollup_top: MonitorRollupTopTable;
    monitor_scope_authors: MonitorScopeAuthorsTable;
    monitor_tags: MonitorTagsTable;
    monitor_cursors: MonitorCursorsTable;
  }
}
