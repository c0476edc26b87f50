// Mail as the staff pages show it.

/** A development-outbox message, opened for an admin (it was never sent). */
export interface OutboxEntry {
  id: string;
  category: string;
  status: string;
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
  createdAt: string;
}
