/**
 * The webview's line to the extension host. `acquireVsCodeApi` exists only inside VS Code (and
 * the preview harness, which fakes it); it may be called once.
 */
import type { WebviewMessage } from '../../protocol/messages.ts';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewMessage): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function connectHost(): Host {
  const api: VsCodeApi =
    typeof acquireVsCodeApi === 'function'
      ? acquireVsCodeApi()
      : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
