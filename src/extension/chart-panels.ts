import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ChartHost, chartWebviewOptions, type ChartHostOptions } from './chart-host.ts';
import { Disposable, toDisposable } from './dispose.ts';

/**
 * The chart panels (WebviewPanel `poolscope.chart`): one per recording, revealed when asked again,
 * restored after a window reload by a serializer. The page keeps its own view state (setState) and
 * asks for the data again with `ready`; what the host must remember is which recording a panel
 * shows, kept in workspace state under the panel's title (the serializer is given nothing else).
 */

export const CHART_VIEW_TYPE = 'poolscope.chart';
const OPEN_CHARTS_KEY = 'poolscope.openCharts';

type Extra = Omit<ChartHostOptions, 'sourceColumn'>;

export class ChartPanels extends Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; host: ChartHost }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    /** The options for a chart of this file (its live program, a feed to borrow). */
    private readonly optionsFor: (file: string) => Extra,
  ) {
    super();
    this.register(
      vscode.window.registerWebviewPanelSerializer(CHART_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.restore(panel),
      }),
    );
    this.register(toDisposable(() => [...this.panels.values()].forEach(({ host }) => host.dispose())));
  }

  /** The file of the chart panel that is active, if one is. */
  get activeFile(): string | undefined {
    for (const [file, { panel }] of this.panels) if (panel.active) return file;
    return undefined;
  }

  has(file: string): boolean {
    return this.panels.has(file);
  }

  /** Shows the chart of `file`: reveals its panel, or opens one beside the editor. */
  show(file: string, options: { preserveFocus?: boolean } = {}): vscode.WebviewPanel {
    const open = this.panels.get(file);
    if (open) {
      open.panel.reveal(undefined, options.preserveFocus);
      return open.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      CHART_VIEW_TYPE,
      this.titleFor(file),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      // No retainContextWhenHidden: a hidden chart is dropped and rebuilt from `ready` + its saved state.
      { ...chartWebviewOptions(this.context.extensionUri), enableFindWidget: false },
    );
    this.attach(panel, file);
    return panel;
  }

  private restore(panel: vscode.WebviewPanel): void {
    const file = this.known()[panel.title];
    if (!file) {
      panel.dispose();
      return;
    }
    this.attach(panel, file);
  }

  private attach(panel: vscode.WebviewPanel, file: string): void {
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icons', 'poolscope.svg');
    const host = new ChartHost(panel.webview, file, {
      ...this.optionsFor(file),
      sourceColumn: () => (panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One),
    });
    this.panels.set(file, { panel, host });
    void this.remember(panel.title, file);
    panel.onDidDispose(() => {
      host.dispose();
      this.panels.delete(file);
      void this.forget(panel.title);
    });
  }

  /** `Poolscope: name.ndjson`, made unique among open charts (the serializer finds a panel's file by it). */
  private titleFor(file: string): string {
    const base = `Poolscope: ${basename(file)}`;
    const taken = new Set([...this.panels.values()].map(({ panel }) => panel.title));
    let title = base;
    for (let n = 2; taken.has(title); n++) title = `${base} (${n})`;
    return title;
  }

  private known(): Record<string, string> {
    return this.context.workspaceState.get<Record<string, string>>(OPEN_CHARTS_KEY, {});
  }

  private remember(title: string, file: string): Thenable<void> {
    return this.context.workspaceState.update(OPEN_CHARTS_KEY, { ...this.known(), [title]: file });
  }

  private forget(title: string): Thenable<void> {
    const known = { ...this.known() };
    delete known[title];
    return this.context.workspaceState.update(OPEN_CHARTS_KEY, known);
  }
}
