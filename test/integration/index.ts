// The mocha entry @vscode/test-electron loads inside the extension host: runs every *.test.cjs
// next to it (run.mjs bundles them there).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000, slow: 5_000 });
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.cjs')) mocha.addFile(join(__dirname, name));
  }
  await new Promise<void>((done, fail) => {
    mocha.run((failures) => (failures ? fail(new Error(`${failures} integration test(s) failed`)) : done()));
  });
}
