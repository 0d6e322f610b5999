/** What scripts/e2e/run.mjs hands the tests: where code-server and Chromium listen, and where to write. */
export interface E2eEnv {
  /** code-server's base URL on loopback. */
  url: string;
  /** Chromium's DevTools WebSocket endpoint. */
  cdp: string;
  /** The copy of test/fixtures/workspace that code-server has open. */
  workspace: string;
  /** Another copy, for the test that opens it without trusting it. */
  untrusted: string;
  /** code-server's user data folder: the extension's storage, and so its recordings, are under it. */
  userData: string;
  /** test-results/e2e: screenshots. */
  results: string;
}

export function e2eEnv(): E2eEnv {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) {
      throw new Error(
        `${name} is not set: the end-to-end tests need code-server and Chromium running; ` +
          'run them with `node scripts/e2e/run.mjs`, which starts both.',
      );
    }
    return value;
  };
  return {
    url: get('POOLSCOPE_E2E_URL'),
    cdp: get('POOLSCOPE_E2E_CDP'),
    workspace: get('POOLSCOPE_E2E_WORKSPACE'),
    untrusted: get('POOLSCOPE_E2E_UNTRUSTED'),
    userData: get('POOLSCOPE_E2E_USER_DATA'),
    results: get('POOLSCOPE_E2E_RESULTS'),
  };
}
