import { randomBytes } from 'node:crypto';

/**
 * The chart page: a strict Content Security Policy with a nonce, one script and one style sheet,
 * both from the extension's own folders. Pure (no vscode) so the policy is unit-tested as text.
 */

export function makeNonce(): string {
  // 128 random bits; base64 characters are all valid in a CSP nonce.
  return randomBytes(16).toString('base64');
}

/**
 * Nothing is allowed unless listed: scripts only with this page's nonce (no inline code, no eval),
 * styles, images and fonts only from the extension (`cspSource`), images also as data: URIs.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error(`not a valid nonce: ${nonce}`);
  // Sources are space-separated and may be quoted keywords (code-server's is `'self' https://…`);
  // only a `;` or a line break could add a directive of its own.
  if (/[;\r\n]/.test(cspSource)) throw new Error(`not a valid CSP source: ${cspSource}`);
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export interface ChartPage {
  cspSource: string;
  nonce: string;
  /** dist/webview/main.js as a webview URI. */
  scriptUri: string;
  /** media/webview/gantt.css as a webview URI. */
  styleUri: string;
  /** The document title (the recording's name). */
  title: string;
}

/** The page's HTML: the webview builds everything else itself, from its script at the end of the body. */
export function chartHtml(page: ChartPage): string {
  const csp = contentSecurityPolicy(page.cspSource, page.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body data-testid="poolscope-chart">
<script nonce="${escapeHtml(page.nonce)}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>
`;
}

/** Text for an HTML attribute or element, which can never close it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
