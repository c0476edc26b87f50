// A first-level unit of Kazakhstan (KZ-10 … KZ-79): what pages and services know of a region.
import type { Locale } from '../../i18n/locales.ts';

export interface Region {
  code: string;
  kind: 'region' | 'city';
  name: Record<Locale, string>;
  centre: Record<Locale, string>;
  lat: number;
  lon: number;
}
