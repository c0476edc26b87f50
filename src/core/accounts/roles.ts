export const ROLES = ['admin', 'organiser', 'moderator', 'caseworker', 'analyst', 'accountant', 'treasurer'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** The signed-in staff member as the rest of the code sees them. */
export interface Staff {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** A staff account as the users page lists it. */
export type StaffListEntry = Staff & {
  totpEnabled: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  failedSignIns: number;
};
