// Child process for the permission test: runs one save as whichever user it was started as
// (the test starts it as "nobody") and prints the outcome as JSON.
import { writePrivateFile } from '../../src/main/core/files/private-files';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: save-as-child <file>');
try {
  writePrivateFile(path, '{"theme": "dark"}\n', 'save the settings');
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: (error as Error).message }));
}
