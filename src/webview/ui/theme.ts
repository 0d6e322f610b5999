/**
 * Chart colours from VS Code's theme: CSS variables read with getComputedStyle, read again when
 * the theme changes (VS Code swaps the body's class: vscode-light, vscode-dark, vscode-high-contrast).
 */
import type { ThemeKind } from '../../protocol/messages.ts';
import { DEFAULT_PALETTE, withAlpha, type Palette } from '../render/palette.ts';

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readPalette(fallback: ThemeKind | undefined): Palette {
  const style = getComputedStyle(document.body);
  const v = (name: string, otherwise: string) => style.getPropertyValue(name).trim() || otherwise;
  const hasClass = document.body.className.includes('vscode-');
  const kind = hasClass ? themeKind() : (fallback ?? 'dark');
  const light = kind === 'light' || kind === 'high-contrast-light';
  const foreground = v('--vscode-editor-foreground', light ? '#333333' : DEFAULT_PALETTE.foreground);
  const contrast = style.getPropertyValue('--vscode-contrastBorder').trim();
  const family = v('--vscode-font-family', 'sans-serif');
  const running = v('--vscode-charts-blue', DEFAULT_PALETTE.running);
  return {
    background: v('--vscode-editor-background', light ? '#ffffff' : DEFAULT_PALETTE.background),
    foreground,
    muted: withAlpha(foreground, 0.65),
    grid: withAlpha(foreground, 0.12),
    band: withAlpha(foreground, 0.06),
    result: v('--vscode-charts-green', DEFAULT_PALETTE.result),
    exception: v('--vscode-charts-red', DEFAULT_PALETTE.exception),
    cancelled: v('--vscode-charts-yellow', DEFAULT_PALETTE.cancelled),
    running,
    unfinished: withAlpha(running, 0.35),
    pending: withAlpha(foreground, 0.45),
    callback: v('--vscode-charts-purple', DEFAULT_PALETTE.callback),
    timeout: v('--vscode-charts-orange', DEFAULT_PALETTE.timeout),
    block: v('--vscode-charts-orange', DEFAULT_PALETTE.block),
    selection: v('--vscode-focusBorder', DEFAULT_PALETTE.selection),
    contrast: kind.startsWith('high-contrast') && contrast ? contrast : null,
    font: `12px ${family}`,
  };
}

/** Calls `changed` whenever VS Code switches theme. */
export function watchTheme(changed: () => void): void {
  new MutationObserver(changed).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
