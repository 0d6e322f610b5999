/** How durations and times read in the chart, tooltips, details and the table. All inputs are µs. */

const UNITS = [
  { us: 60e6, name: 'min' },
  { us: 1e6, name: 's' },
  { us: 1e3, name: 'ms' },
  { us: 1, name: 'µs' },
  { us: 1e-3, name: 'ns' },
] as const;

/** Trailing zeros (and a trailing point) go: "1.50" → "1.5", "2.000" → "2". */
function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A duration with three significant digits in the largest unit under it: "850 ns", "12 µs",
 * "1.25 ms", "3.5 s", "2 min 5 s". Negative durations keep their sign; NaN reads "—".
 */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (us < 0) return `-${formatDuration(-us)}`;
  if (us === 0) return '0 µs';
  if (us >= 60e6) {
    const minutes = Math.floor(us / 60e6);
    const seconds = Math.round((us - minutes * 60e6) / 1e6);
    if (seconds === 60) return `${minutes + 1} min`;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  for (const unit of UNITS) {
    if (us >= unit.us || unit.name === 'ns') {
      const value = us / unit.us;
      const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
      const text = trim(value.toFixed(digits));
      // Rounding may carry into the next unit: 999.7 µs reads "1 ms", not "1000 µs".
      if (Number(text) >= 1000 && unit.name !== 's' && unit.name !== 'min') return formatDuration(unit.us * 1000);
      return `${text} ${unit.name}`;
    }
  }
  return `${us} µs`;
}

/** Milliseconds with up to three decimals, for the table's columns: "0.125", "1500". */
export function formatMs(us: number): string {
  if (!Number.isFinite(us)) return '';
  return trim((us / 1000).toFixed(3));
}

/**
 * A time on the axis, in the largest unit it reaches, with as many decimals as the tick step
 * needs: at a 50 ms step, 1.25 s reads "1.25 s" and 250 ms reads "250 ms".
 */
export function formatTick(us: number, stepUs: number): string {
  if (us === 0) return '0';
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  if (abs >= 60e6 && stepUs >= 1e6) {
    const minutes = Math.floor(abs / 60e6 + 1e-9);
    const rest = abs - minutes * 60e6;
    if (rest < stepUs / 2) return `${sign}${minutes} min`;
    return `${sign}${minutes} min ${formatIn(rest, 1e6, stepUs)} s`;
  }
  const unit = UNITS.find((u) => u.us <= 1e6 && abs >= u.us * 0.9999) ?? UNITS[UNITS.length - 1]!;
  return `${sign}${formatIn(abs, unit.us, stepUs)} ${unit.name}`;
}

function formatIn(us: number, unitUs: number, stepUs: number): string {
  const decimals = Math.min(9, Math.max(0, Math.ceil(-Math.log10(stepUs / unitUs) - 1e-9)));
  return trim((us / unitUs).toFixed(decimals));
}

/** A point in time since the recording started, exact to the µs: "850 µs", "25.01 ms", "1.234567 s". */
export function formatTimestamp(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const abs = Math.abs(us);
  if (abs < 1000) return `${trim(us.toFixed(3))} µs`;
  if (abs < 1e6) return `${trim((us / 1000).toFixed(3))} ms`;
  return `${trim((us / 1e6).toFixed(6))} s`;
}
