/**
 * Ticks of the time axis: the smallest step of 1, 2 or 5 × a power of ten (in seconds and minutes:
 * 1, 2, 5, 10, 15, 30) that keeps labels `minSpacingPx` apart, labelled in the unit they reach.
 */
import { formatTick } from '../format.ts';

export interface Tick {
  /** Wire time, µs. */
  t: number;
  label: string;
}

export interface TickSet {
  stepUs: number;
  ticks: Tick[];
}

/** Every step the axis may use, ascending, in µs: 1 ns up to 500 ms by 1-2-5, then seconds, minutes, hours. */
export const TICK_STEPS: readonly number[] = (() => {
  const steps: number[] = [];
  for (let exp = -3; exp <= 5; exp++) for (const m of [1, 2, 5]) steps.push(Number((m * 10 ** exp).toPrecision(1)));
  for (const s of [1, 2, 5, 10, 15, 30]) steps.push(s * 1e6);
  for (const m of [1, 2, 5, 10, 15, 30, 60]) steps.push(m * 60e6);
  for (const h of [2, 5, 10, 20, 50, 100]) steps.push(h * 3600e6);
  return steps;
})();

export function chooseStep(spanUs: number, widthPx: number, minSpacingPx: number): number {
  const wanted = (spanUs / Math.max(1, widthPx)) * minSpacingPx;
  for (const step of TICK_STEPS) if (step >= wanted) return step;
  const last = TICK_STEPS[TICK_STEPS.length - 1]!;
  return last * Math.ceil(wanted / last);
}

export function computeTicks(startUs: number, endUs: number, widthPx: number, minSpacingPx = 80): TickSet {
  const span = endUs - startUs;
  if (!(span > 0) || !(widthPx > 0)) return { stepUs: NaN, ticks: [] };
  const stepUs = chooseStep(span, widthPx, minSpacingPx);
  const ticks: Tick[] = [];
  const first = Math.ceil(startUs / stepUs - 1e-9);
  const last = Math.floor(endUs / stepUs + 1e-9);
  // Multiplying instead of adding keeps 0.1 + 0.2 style drift out of the labels.
  for (let k = first; k <= last && ticks.length < 1000; k++) {
    const t = k * stepUs;
    ticks.push({ t, label: formatTick(t, stepUs) });
  }
  return { stepUs, ticks };
}
