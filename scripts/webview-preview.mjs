// A standalone page that shows a recording in the Gantt webview outside VS Code, for looking at it
// in a browser or taking a screenshot with headless Chromium:
//   node --import tsx scripts/webview-preview.mjs test/golden/node-async-pool.ndjson [out-dir, default: $TMPDIR/poolscope-webview-preview]
//   chromium --headless --screenshot=gantt.png --window-size=1400,900 out-dir/index.html
// The page bundles src/webview/main.ts as the extension does, fakes acquireVsCodeApi, plays the
// messages the host would send (ModelSync on the whole recording) and answers requestDetails.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readTraceInto } from '../src/trace/reader.ts';
import { ModelSync } from '../src/protocol/model-sync.ts';

const [recording, outArg] = process.argv.slice(2);
if (!recording) {
  console.error('usage: node --import tsx scripts/webview-preview.mjs <recording.ndjson> [out-dir]');
  process.exit(2);
}
const out = resolve(outArg ?? join(tmpdir(), 'poolscope-webview-preview'));
mkdirSync(out, { recursive: true });

const sync = new ModelSync({ title: basename(recording) });
readTraceInto(readFileSync(recording), sync);
const messages = [...sync.snapshot('dark'), sync.status()];
// Details of the first futures only: a preview of a huge recording stays a small page.
const details = {};
const f = sync.model.futures;
for (let i = 0; i < Math.min(f.count, 5000); i++) details[f.fid[i]] = sync.details(f.fid[i]);
writeFileSync(join(out, 'data.js'), `window.__preview = ${JSON.stringify({ messages, details })};\n`);

writeFileSync(
  join(out, 'host.js'),
  `// Plays the extension host: answers ready with the recording, requestDetails with details.
window.acquireVsCodeApi = () => {
  let state;
  const send = (data) => setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data })), 0);
  return {
    postMessage(message) {
      console.log('webview → host', JSON.stringify(message));
      if (message.type === 'ready') window.__preview.messages.forEach(send);
      if (message.type === 'requestDetails') send(window.__preview.details[message.fid] ?? { type: 'details', fid: message.fid, details: null });
    },
    getState: () => state,
    setState: (s) => (state = s),
  };
};
`,
);

// VS Code's dark theme variables the page and the chart read.
writeFileSync(
  join(out, 'theme.css'),
  `body { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #cccccc;
  --vscode-editor-foreground: #d4d4d4; --vscode-editor-background: #1e1e1e; --vscode-descriptionForeground: #9d9d9d;
  --vscode-charts-green: #89d185; --vscode-charts-red: #f14c4c; --vscode-charts-yellow: #cca700;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-purple: #b180d7;
  --vscode-focusBorder: #007fd4; --vscode-panel-border: #80808059; --vscode-textLink-foreground: #3794ff;
  --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff; }
`,
);
copyFileSync('media/webview/gantt.css', join(out, 'gantt.css'));
await esbuild.build({
  entryPoints: ['src/webview/main.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  outfile: join(out, 'main.js'),
  logLevel: 'warning',
});
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self' file:; script-src 'self' file:">
<link rel="stylesheet" href="theme.css">
<link rel="stylesheet" href="gantt.css">
<title>Poolscope preview</title>
</head>
<body class="vscode-dark">
<script src="data.js"></script>
<script src="host.js"></script>
<script src="main.js"></script>
</body>
</html>
`,
);
console.log(`preview: ${join(out, 'index.html')} (${f.count} futures)`);
