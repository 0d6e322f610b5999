/** `npm run demo --port N` refuses a taken port with a message saying what to do (scripts/demo/port.mjs). */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { assertPortFree } from '../../../scripts/demo/port.mjs';

test('a taken port is refused with the ways out; a free one and port 0 pass', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const { port } = busy.address() as AddressInfo;
  try {
    await assert.rejects(assertPortFree(port), (error: Error) => {
      assert.match(error.message, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(error.message, /--port N or POOLSCOPE_DEMO_PORT=N, or leave both out/);
      return true;
    });
  } finally {
    await new Promise((resolve) => busy.close(resolve));
  }
  await assertPortFree(port);
  await assertPortFree(0);
});
