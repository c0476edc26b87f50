// Kazakhstan's 20 first-level units as a tile-grid cartogram, rendered on the server as SVG: no tiles,
// no boundary files, no requests elsewhere. Each unit is one equal tile placed roughly where it lies
// (north up, west left), so small cities like Almaty and Shymkent stay as readable as the steppe
// regions. A pure view: any module passes counts by region code and the names to show.
import { formatNumber } from '../i18n/format.ts';
import type { UiLocale } from '../i18n/locales.ts';

/** Column and row of each unit (ISO 3166-2:KZ codes in force since 2022). */
export const TILE_GRID: Readonly<Record<string, readonly [number, number]>> = {
  'KZ-59': [3, 0], // North Kazakhstan
  'KZ-27': [0, 1], // West Kazakhstan
  'KZ-39': [2, 1], // Kostanay
  'KZ-11': [3, 1], // Akmola
  'KZ-55': [4, 1], // Pavlodar
  'KZ-23': [0, 2], // Atyrau
  'KZ-15': [1, 2], // Aktobe
  'KZ-62': [2, 2], // Ulytau
  'KZ-71': [3, 2], // Astana
  'KZ-35': [4, 2], // Karaganda
  'KZ-10': [5, 2], // Abai
  'KZ-63': [6, 2], // East Kazakhstan
  'KZ-47': [0, 3], // Mangystau
  'KZ-43': [2, 3], // Kyzylorda
  'KZ-61': [3, 3], // Turkistan
  'KZ-31': [4, 3], // Jambyl
  'KZ-19': [5, 3], // Almaty Region
  'KZ-33': [6, 3], // Jetisu
  'KZ-79': [3, 4], // Shymkent
  'KZ-75': [5, 4], // Almaty (city)
};

const W = 100;
const H = 70;
const GAP = 4;
const COLS = 7;
const ROWS = 5;
const LEGEND = 46;
const EMPTY = '#f1eff4';
// A sequential purple scale (the site's brand hue), light to dark; text turns white on the two darkest.
const SCALE = ['#e6daf3', '#cbb2e8', '#a783d3', '#7b50b3', '#4f2478'];

/** Which of the five classes a count falls in (0 = none), relative to the largest count. */
export function classOf(n: number, max: number): number {
  if (!(n > 0) || !(max > 0)) return 0;
  return Math.min(SCALE.length, Math.max(1, Math.ceil((n / max) * SCALE.length)));
}

/**
 * Drops the generic word ("облысы", "область", "Region") and breaks a long name onto two lines. The
 * word stays when the short form would read as another unit (`others`: the other units' names), as
 * "Алматы" for Алматы облысы next to Алматы қаласы.
 */
export function tileLines(name: string, others: readonly string[] = []): string[] {
  const stripped = name.replace(/\s*(облысы|область|Region)\s*/giu, ' ').trim() || name;
  const short = others.some((o) => o !== name && o.toLowerCase().includes(stripped.toLowerCase())) ? name : stripped;
  if (short.length <= 12) return [short];
  const hyphen = short.indexOf('-');
  if (hyphen > 0 && hyphen < short.length - 1) return [short.slice(0, hyphen + 1), short.slice(hyphen + 1)];
  const space = short.lastIndexOf(' ', Math.ceil(short.length / 2) + 3);
  return space > 0 ? [short.slice(0, space), short.slice(space + 1)] : [short];
}

/** The range of counts a legend swatch stands for ("" when no count can fall in it). */
function legendText(i: number, bounds: number[], fmt: (n: number) => string): string {
  if (i === 0) return '0';
  const lower = i === 1 ? 1 : bounds[i - 2] + 1;
  const upper = bounds[i - 1];
  if (upper < lower) return '';
  return lower === upper ? fmt(upper) : `${fmt(lower)}–${fmt(upper)}`;
}

export interface RegionMapProps {
  /** Counts by region code (KZ-10 … KZ-79); missing codes count as zero. */
  counts: Readonly<Record<string, number>>;
  /** The full name of each region in the reader's language. */
  labels: Readonly<Record<string, string>>;
  locale: UiLocale;
  /** The accessible name of the map, e.g. "Events by region". */
  title: string;
  /** Column header and legend label for the counts, e.g. "Events". */
  valueLabel: string;
  /** Summary of the table that repeats the map's figures for screen readers and copying. */
  tableLabel: string;
  regionLabel: string;
  /** Where a tile leads (a filtered list), if anywhere. */
  href?: (code: string) => string | undefined;
  selected?: string | null;
  id?: string;
}

export function RegionMap(p: RegionMapProps) {
  const id = p.id ?? 'region-map';
  const codes = Object.keys(TILE_GRID);
  const max = Math.max(0, ...codes.map((c) => p.counts[c] ?? 0));
  const fmt = (n: number) => formatNumber(n, p.locale);
  const width = COLS * W + (COLS - 1) * GAP;
  const height = ROWS * H + (ROWS - 1) * GAP + LEGEND;
  // Legend: the upper bound of each class (rounded), so a reader can tell the shades apart.
  const bounds = SCALE.map((_, i) => Math.floor((max * (i + 1)) / SCALE.length));
  const names = codes.map((c) => p.labels[c] ?? c);
  const fillOf = (n: number) => (classOf(n, max) ? SCALE[classOf(n, max) - 1] : EMPTY);
  const ranked = [...codes].sort(
    (a, b) => (p.counts[b] ?? 0) - (p.counts[a] ?? 0) || (p.labels[a] ?? a).localeCompare(p.labels[b] ?? b, p.locale),
  );
  return (
    <figure class="region-map" id={id}>
      {/* On a phone the tiles' names could not be read: the same figures as a list, shaded like the tiles. */}
      <ol class="region-map__list" aria-label={p.title}>
        {ranked.map((code) => {
          const n = p.counts[code] ?? 0;
          const href = p.href?.(code);
          const swatch = (
            <svg class="region-map__swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <rect width="16" height="16" rx="3" fill={fillOf(n)} stroke="#6f6878" />
            </svg>
          );
          const text = (
            <>
              {swatch}
              <span class="region-map__name">{p.labels[code] ?? code}</span>{' '}
              <span class="region-map__count">{fmt(n)}</span>
            </>
          );
          return (
            <li class={p.selected === code ? 'region-map__item region-map__item--selected' : 'region-map__item'}>
              {href ? (
                <a href={href} aria-current={p.selected === code ? 'true' : undefined}>
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ol>
      <div class="region-map__wide">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role={p.href ? 'group' : 'img'}
          aria-labelledby={`${id}-title`}
          xmlns="http://www.w3.org/2000/svg"
          class="region-map__svg"
        >
          <title id={`${id}-title`}>{p.title}</title>
          {codes.map((code) => {
            const [col, row] = TILE_GRID[code];
            const x = col * (W + GAP);
            const y = row * (H + GAP);
            const n = p.counts[code] ?? 0;
            const ink = classOf(n, max) >= 4 ? '#ffffff' : '#1d1b22';
            const name = p.labels[code] ?? code;
            const lines = tileLines(name, names);
            const href = p.href?.(code);
            const tile = (
              <g
                class={'region-map__tile' + (p.selected === code ? ' region-map__tile--selected' : '')}
                data-region={code}
              >
                <title>{`${name}: ${fmt(n)}`}</title>
                <rect
                  x={x}
                  y={y}
                  width={W}
                  height={H}
                  rx={8}
                  fill={fillOf(n)}
                  stroke={p.selected === code ? '#1d1b22' : '#ffffff'}
                  stroke-width={p.selected === code ? 3 : 1}
                />
                {lines.map((line, i) => (
                  <text
                    x={x + W / 2}
                    y={y + 19 + i * 15}
                    text-anchor="middle"
                    font-size={Math.max(...lines.map((l) => l.length)) > 12 ? 12 : 13}
                    fill={ink}
                  >
                    {line}
                  </text>
                ))}
                <text x={x + W / 2} y={y + H - 12} text-anchor="middle" font-size="18" font-weight="700" fill={ink}>
                  {fmt(n)}
                </text>
              </g>
            );
            return href ? <a href={href}>{tile}</a> : tile;
          })}
          <g class="region-map__legend" aria-hidden="true">
            <text x={0} y={height - 26} font-size="13" fill="#4a4652">
              {p.valueLabel}
            </text>
            {[EMPTY, ...SCALE].map((fill, i) => (
              <g>
                <rect x={i * 62} y={height - 20} width={58} height={12} rx={3} fill={fill} stroke="#ddd8e3" />
                <text x={i * 62 + 29} y={height - 1} font-size="12" text-anchor="middle" fill="#4a4652">
                  {legendText(i, bounds, fmt)}
                </text>
              </g>
            ))}
          </g>
        </svg>
        <details class="region-map__table">
          <summary>{p.tableLabel}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{p.regionLabel}</th>
                <th scope="col">{p.valueLabel}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((code) => {
                const href = p.href?.(code);
                return (
                  <tr>
                    <th scope="row">{href ? <a href={href}>{p.labels[code] ?? code}</a> : (p.labels[code] ?? code)}</th>
                    <td>{fmt(p.counts[code] ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      </div>
    </figure>
  );
}
