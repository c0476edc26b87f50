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
