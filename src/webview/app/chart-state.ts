/**
 * Everything the webview knows and shows, without the DOM: the store and its index, the rows, the
 * viewport and whether it follows the program, the selection, the latest status, and the details
 * received. `receive` folds in a host message and says what the page must update; the DOM side
 * (main.ts) only draws what this decides, which keeps the decisions testable in Node.
 */
import type { FutureDetails, HostMessage, ProgramState, StatusMessage } from '../../protocol/messages.ts';
import { endedText } from '../../protocol/status-words.ts';
import { ChartStore } from '../data/store.ts';
import { ChartIndex } from '../layout/chart-index.ts';
import { buildRows, type RowLayout } from '../layout/rows.ts';
import type { Hit } from '../view/hit-test.ts';
import { clampView, fitAll, followEnd, type Bounds, type Viewport } from '../view/viewport.ts';

export interface Effects {
  /** Repaint the chart. */
  redraw: boolean;
  /** The table of futures and the status line may have changed. */
  data: boolean;
  /** The details of the selected future arrived or went. */
  details: boolean;
  /** Something to say to screen readers. */
  announce: string | null;
}

/** 'all': keep everything in view as it grows; 'tail': keep the span, right edge at the live end; 'off': the user steers. */
export type FollowMode = 'all' | 'tail' | 'off';

/** What is kept across a reload of the webview (vscode.setState). */
export interface SavedState {
  view: Viewport | null;
  follow: FollowMode;
  selectedFid: number | null;
  /** The label column's width the user dragged to; null: the default. */
  labelWidth: number | null;
}

const DETAILS_KEPT = 200;

export class ChartState {
  readonly store = new ChartStore();
  readonly index = new ChartIndex(this.store);
  layout: RowLayout = buildRows(this.store, this.index);
  view: Viewport = { start: 0, end: 1000, scrollY: 0 };
  follow: FollowMode = 'all';
  /** Future index, or -1. */
  selected = -1;
  selectedFid: number | null = null;
  hover: Hit | null = null;
  status: StatusMessage | null = null;
  /** The label column's width the user chose (CSS px, capped per chart width: view/responsive.ts); null: default. */
  labelWidth: number | null = null;
  /** Details by fid, the most recently received last (a small LRU). */
  readonly details = new Map<number, FutureDetails>();
  private statusAt = 0;
  private builtFor = -1;

  get program(): ProgramState {
    return this.status?.program ?? { state: 'idle' };
  }

  /** The program has ended: a future still open is unfinished, not running. */
  get ended(): boolean {
    return this.program.state === 'exited';
  }

  receive(message: HostMessage, clockMs: number): Effects {
    const effects: Effects = { redraw: false, data: false, details: false, announce: null };
    switch (message.type) {
      case 'init':
      case 'append': {
        const change = this.store.apply(message);
        this.index.update(change);
        this.relayout();
        if (this.selected < 0 && this.selectedFid !== null) {
          const fids = this.store.futures.cols.fid;
          const found = (change.reset ? [] : change.futures).find((i) => fids[i] === this.selectedFid);
          if (found !== undefined) this.selected = found;
        }
        if (message.type === 'init') this.details.clear();
        effects.redraw = effects.data = true;
        break;
      }
      case 'status': {
        const before = this.program.state;
        this.status = message;
        this.statusAt = clockMs;
        effects.redraw = effects.data = true;
        effects.announce = announcement(before, message.program);
        break;
      }
      case 'details': {
        this.details.delete(message.fid);
        if (message.details) this.details.set(message.fid, message.details);
        while (this.details.size > DETAILS_KEPT) this.details.delete(this.details.keys().next().value!);
        effects.details = message.fid === this.selectedFid;
        break;
      }
      case 'reset':
        this.store.clear();
        this.index.rebuild();
        this.relayout();
        this.details.clear();
        this.selected = -1;
        this.hover = null;
        if (this.follow === 'off') this.follow = 'all';
        effects.redraw = effects.data = effects.details = true;
        effects.announce = `Recording restarted: ${message.reason}`;
        break;
    }
    return effects;
  }

  /** Rebuilds the rows when the index says they may have changed. */
  relayout(): void {
    if (this.builtFor === this.index.structure) return;
    this.layout = buildRows(this.store, this.index);
    this.builtFor = this.index.structure;
  }

  /** Where open spans end now (wire µs): the host's clock reading, advanced by the time since it came, while the program runs. */
  liveNow(clockMs: number): number {
    const last = Number.isNaN(this.store.lastTs) ? this.store.maxTs : this.store.lastTs;
    const now = this.status?.now;
    if (this.program.state !== 'running' || now === null || now === undefined) return Number.isFinite(last) ? last : 0;
    const advanced = now + Math.max(0, clockMs - this.statusAt) * 1000;
    return Number.isFinite(last) ? Math.max(last, advanced) : advanced;
  }

  bounds(clockMs: number): Bounds {
    const s = this.store;
    // Open bars end at the live end: while the program runs, and after it ended with futures unfinished.
    const open = this.program.state === 'running' || (this.ended && (this.status?.unfinished ?? 0) > 0);
    const live = open ? this.liveNow(clockMs) : -Infinity;
    return { min: s.minTs, max: Math.max(s.maxTs, live) };
  }

  /** Moves the view along with the program when following. Returns true when it moved. */
  applyFollow(clockMs: number): boolean {
    const before = this.view;
    if (this.follow === 'all') this.view = fitAll(this.bounds(clockMs), this.view.scrollY);
    else if (this.follow === 'tail') this.view = followEnd(this.view, this.liveNow(clockMs), this.bounds(clockMs));
    return before.start !== this.view.start || before.end !== this.view.end;
  }

  /** The user moved the view: stop following. */
  steer(view: Viewport, clockMs: number): void {
    this.view = clampView(view, this.bounds(clockMs));
    this.follow = 'off';
  }

  /** Selects a future by index (-1 for none); returns its fid for the host, or null. */
  select(future: number): number | null {
    const valid = future >= 0 && future < this.store.futures.count && this.store.futures.cols.fid[future]! > 0;
    this.selected = valid ? future : -1;
    this.selectedFid = valid ? this.store.futures.cols.fid[future]! : null;
    return this.selectedFid;
  }

  /**
   * The fid whose details the page should ask for: the selected future's, once it is in the store,
   * when they are not here. After a reload (or a hidden chart shown again, or a reset) the selection
   * comes back from the saved state with no details; without asking, they stayed "Loading…".
   */
  get detailsWanted(): number | null {
    const fid = this.selectedFid;
    return this.selected >= 0 && fid !== null && !this.details.has(fid) ? fid : null;
  }

  save(): SavedState {
    return {
      view: this.follow === 'off' ? { ...this.view } : null,
      follow: this.follow,
      selectedFid: this.selectedFid,
      labelWidth: this.labelWidth,
    };
  }

  restore(saved: SavedState): void {
    this.follow = saved.follow;
    if (saved.view) this.view = saved.view;
    this.selectedFid = saved.selectedFid;
    this.labelWidth = saved.labelWidth;
    this.selected = saved.selectedFid === null ? -1 : this.store.indexOfFid(saved.selectedFid);
  }
}

/** What to tell a screen reader when the program's state changes. */
export function announcement(before: ProgramState['state'], after: ProgramState): string | null {
  if (after.state === before) return null;
  if (after.state === 'running') return 'Program started';
  if (after.state !== 'exited') return null;
  return `Program ended: ${endedText(after)}`;
}
