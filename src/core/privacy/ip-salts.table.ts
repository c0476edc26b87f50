export interface IpSaltsTable {
  day: string;
  salt: string;
  created_at: string;
}
