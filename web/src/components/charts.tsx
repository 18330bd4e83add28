// Charts (Chart.js 4). Every chart sits in a box with `data-points`, the number of data points
// drawn, so that the browser tests can tell a drawn chart from an empty canvas.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from 'chart.js';
import { Bar, Chart, Doughnut } from 'react-chartjs-2';
import type { ApprovalRateRow, ExposureMonth, WarningLevel } from '../api/analytics';
import { money, month, number, percent, shortDay } from '../lib/format';
import { useI18n } from '../i18n/i18n';

ChartJS.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
ChartJS.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
ChartJS.defaults.color = '#475569';
ChartJS.defaults.animation = false;

export const COLORS = {
  primary: '#1d4ed8',
  primarySoft: 'rgba(29, 78, 216, 0.12)',
  good: '#15803d',
  warn: '#d97706',
  bad: '#dc2626',
  muted: '#cbd5e1',
  grid: '#e2e8f0',
  vermilion: '#c2410c',
};

export function warningColor(level: WarningLevel | undefined): string {
  switch (level) {
    case 'critical':
      return COLORS.bad;
    case 'warning':
      return COLORS.vermilion;
    case 'watch':
      return COLORS.warn;
    default:
      return COLORS.good;
  }
}

function ChartBox({ testId, points, height = 240, children }: { testId: string; points: number; height?: number; children: React.ReactNode }) {
  return (
    <div className="chart-box" data-testid={testId} data-points={points} style={{ height }}>
      {children}
    </div>
  );
}

/** Approval rate per day (line, left axis) and attempts Sekisho stopped (bars, right axis). */
export function ApprovalTrendChart({ rows, height }: { rows: ApprovalRateRow[]; height?: number }) {
  const { lang, t } = useI18n();
  const data: ChartData<'bar' | 'line', number[], string> = {
    labels: rows.map((r) => shortDay(lang, r.key)),
    datasets: [
      {
        type: 'line',
        label: t('overview.approvalRate'),
        data: rows.map((r) => Math.round(r.approval_rate * 1000) / 10),
        borderColor: COLORS.primary,
        backgroundColor: COLORS.primarySoft,
        fill: true,
        tension: 0.25,
        pointRadius: rows.length > 45 ? 0 : 2,
        yAxisID: 'rate',
        order: 1,
      },
      {
        type: 'bar',
        label: t('overview.stopped'),
        data: rows.map((r) => r.stopped),
        backgroundColor: 'rgba(194, 65, 12, 0.45)',
        yAxisID: 'count',
        order: 2,
      },
    ],
  };
  const rates = rows.filter((r) => r.attempts > 0).map((r) => r.approval_rate * 100);
  const low = rates.length ? Math.max(0, Math.floor((Math.min(...rates) - 5) / 5) * 5) : 0;
  const options: ChartOptions<'bar' | 'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: {
        callbacks: {
          label: (ctx) =>
            ctx.dataset.yAxisID === 'rate'
              ? `${ctx.dataset.label}: ${percent(lang, Number(ctx.raw) / 100)}`
              : `${ctx.dataset.label}: ${number(lang, Number(ctx.raw))}`,
        },
      },
    },
    scales: {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      rate: {
        position: 'left',
        min: low,
        max: 100,
        grid: { color: COLORS.grid },
        ticks: { callback: (v) => `${v}%` },
      },
      count: { position: 'right', beginAtZero: true, grid: { display: false }, ticks: { precision: 0 } },
    },
  };
  return (
    <ChartBox testId="chart-approval" points={rows.length} height={height}>
      <Chart type="bar" data={data} options={options} />
    </ChartBox>
  );
}

/**
 * This month's confirmed fraud against the fraud-prone-merchant threshold, as a half gauge whose
 * full arc is the threshold: full and red once the month is over it.
 */
export function ExposureGauge({ amountMinor, thresholdMinor, level }: { amountMinor: number; thresholdMinor: number; level?: WarningLevel }) {
  const { lang } = useI18n();
  const max = Math.max(1, thresholdMinor);
  const filled = Math.min(amountMinor, max);
  const share = amountMinor / max;
  const color = amountMinor > thresholdMinor ? COLORS.bad : share >= 0.8 ? COLORS.vermilion : share >= 0.5 ? COLORS.warn : warningColor(level);
  const data: ChartData<'doughnut', number[], string> = {
    labels: ['fraud', 'rest'],
    datasets: [{ data: [filled, max - filled], backgroundColor: [color, '#e2e8f0'], borderWidth: 0 }],
  };
  const options: ChartOptions<'doughnut'> = {
    responsive: true,
    maintainAspectRatio: false,
    rotation: -90,
    circumference: 180,
    cutout: '72%',
    plugins: { legend: { display: false }, tooltip: { enabled: false } },
  };
  return (
    <div className="gauge">
      <ChartBox testId="chart-exposure-gauge" points={1} height={150}>
        <Doughnut data={data} options={options} />
      </ChartBox>
      <div className="gauge-scale" aria-hidden="true">
        <span>{money(lang, 0)}</span>
        <span>{money(lang, thresholdMinor)}</span>
      </div>
      <div className="gauge-center">
        <div className="gauge-value" style={{ color }}>
          {money(lang, amountMinor)}
        </div>
        <div className="gauge-share">{percent(lang, share, 0)}</div>
      </div>
    </div>
  );
}

/** Confirmed fraud per month, bars red when over the threshold, with the threshold as a line. */
export function MonthlyExposureChart({ months, thresholdMinor, height = 200 }: { months: ExposureMonth[]; thresholdMinor: number; height?: number }) {
  const { lang, t } = useI18n();
  const data: ChartData<'bar' | 'line', number[], string> = {
    labels: months.map((m) => month(lang, m.month)),
    datasets: [
      {
        type: 'bar',
        label: t('overview.monthlyFraud'),
        data: months.map((m) => m.card_fraud_amount ?? m.fraud_minor),
        backgroundColor: months.map((m) => (m.over_threshold ? COLORS.bad : '#94a3b8')),
        order: 2,
      },
      {
        type: 'line',
        label: t('overview.threshold'),
        data: months.map(() => thresholdMinor),
        borderColor: COLORS.vermilion,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        order: 1,
      },
    ],
  };
  const options: ChartOptions<'bar' | 'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${money(lang, Number(ctx.raw))}` } },
    },
    scales: {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
      y: { beginAtZero: true, grid: { color: COLORS.grid }, ticks: { maxTicksLimit: 6, callback: (v) => money(lang, Number(v)) } },
    },
  };
  return (
    <ChartBox testId="chart-exposure-months" points={months.length} height={height}>
      <Chart type="bar" data={data} options={options} />
    </ChartBox>
  );
}

/** Horizontal bars of one measure per label; `format` writes the values. */
export function HorizontalBars({
  testId,
  labels,
  values,
  format,
  colors,
  height,
  max,
}: {
  testId: string;
  labels: string[];
  values: number[];
  format: (value: number) => string;
  colors?: string[];
  height?: number;
  max?: number;
}) {
  const data: ChartData<'bar', number[], string> = {
    labels,
    datasets: [{ data: values, backgroundColor: colors ?? COLORS.primary, borderRadius: 3, barThickness: 18 }],
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => format(Number(ctx.raw)) } } },
    scales: {
      x: { beginAtZero: true, max, grid: { color: COLORS.grid }, ticks: { maxRotation: 0, maxTicksLimit: 6, callback: (v) => format(Number(v)) } },
      y: { grid: { display: false } },
    },
  };
  return (
    <ChartBox testId={testId} points={values.length} height={height ?? Math.max(120, labels.length * 34 + 40)}>
      <Bar data={data} options={options} />
    </ChartBox>
  );
}
