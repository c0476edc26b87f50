import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  totp_last_step: number | null;
  /** Set while totp_secret waits for its first code (set-up not yet confirmed). */
  totp_pending_since: string | null;
  recovery_codes: Generated<string>;
  disabled: Generated<number>;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  stage: 'password' | 'full';
  csrf_secret: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Generated<string>;
}

/** One counter of failed sign-ins: for an e-mail from untrusted browsers, or for one trusted browser. */
export interface SignInThrottleTable {
  key: string; // keyed hash of 'account:<e-mail>' or 'device:<nonce>'
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    users: UsersTable;
    sessions: SessionsTable;
    sign_in_throttle: SignInThrottleTable;
    audit_log: AuditLogTable;
  }
}
