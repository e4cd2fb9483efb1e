import { formatNumber, formatPercent } from './format';
import { t } from './i18n';

// A bar chart drawn as SVG (no chart library, no inline style: colours come from the stylesheet's
// classes). For screen readers the SVG is one image with a title and a description; the numbers
// themselves are in the data table printed beside it.

const KINDS = ['on-time', 'late', 'pending', 'overdue'] as const;

export interface Bar {
  key: string;
  label: string;
  segments: { kind: (typeof KINDS)[number]; value: number }[];
  rate: number | null;
}

export function BarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }): preact.JSX.Element {
  // On a phone the label takes its own line above the bar, so both stay readable at that width.
  const compact = typeof matchMedia === 'function' && matchMedia('(max-width: 760px)').matches;
  const width = compact ? 360 : 900;
  const labelWidth = compact ? 0 : 300;
  const rateWidth = compact ? 56 : 70;
  const labelHeight = compact ? 18 : 0;
  const rowHeight = (compact ? 22 : 32) + labelHeight;
  const top = 8;
  const height = top + bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0)));
  const scale = (width - labelWidth - rateWidth - 10) / max;
  const limit = compact ? 46 : 40;
  const desc = bars.map((b) => `${b.label}: ${b.segments.map((s) => `${t(`chart.${s.kind}` as Parameters<typeof t>[0])} ${s.value}`).join(', ')}; ${t('stats.onTimeRate')} ${formatPercent(b.rate)}`).join('. ');
  return (
    <figure class={`chart${compact ? ' compact' : ''}`}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} id={id} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {bars.map((b, i) => {
          let x = labelWidth;
          const y = top + i * rowHeight;
          const barTop = y + labelHeight;
          const barHeight = rowHeight - labelHeight - 10;
          const text = b.label.length > limit ? `${b.label.slice(0, limit - 1)}…` : b.label;
          return (
            <g key={b.key}>
              {compact ? (
                <text x={0} y={y + 13} class="axis-label">
                  {text}
                </text>
              ) : (
                <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} class="axis-label" text-anchor="end">
                  {text}
                </text>
              )}
              {b.segments.map((s) => {
                const w = s.value * scale;
                const rect = w > 0 ? <rect key={s.kind} x={x} y={barTop + 5} width={w} height={barHeight} class={`bar ${s.kind}`} /> : null;
                x += w;
                return rect;
              })}
              <text x={width - rateWidth + 6} y={barTop + 5 + barHeight / 2 + 5} class="rate">
                {formatPercent(b.rate)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {KINDS.filter((k) => bars.some((b) => b.segments.some((s) => s.kind === k))).map((k) => (
            <li key={k}>
              <span class={`swatch ${k}`} aria-hidden="true" /> {t(`chart.${k}` as Parameters<typeof t>[0])}
            </li>
          ))}
          <li>
            % = {t('stats.onTimeRate')} ({formatNumber(bars.length)} {t('chart.rows')})
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
