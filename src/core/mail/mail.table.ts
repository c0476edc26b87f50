export interface MailMessagesTable {
  id: string;
  category: string;
  status: string; // queued | sent | failed | outbox
  sealed: string | null;
  recipient_domain: string | null;
  attempts: number;
  last_error: string | null;
  not_before: string;
  created_at: string;
  sent_at: string | null;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    mail_messages: MailMessagesTable;
  }
}
