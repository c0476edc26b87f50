export interface RegionsTable {
  code: string;
  kind: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  centre: string;
  centre_lat: number;
  centre_lon: number;
}
