import { fileURLToPath } from 'node:url';
import { AdjustableClock, systemClock } from './core/clock';
import { APP_VERSION } from './core/app/build-info';
import { composeCore } from './core/compose-core';
import { KeytarSecretStore } from './core/secrets';
import { defaultDataDir, PRODUCT_NAME, readRuntimeOptions } from './runtime-options';
import { startBrowserServer } from './serve';
import { errorMessage } from '../shared/errors';

/** Browser mode's entry: the core under plain Node, served on loopback. No Electron import. */
async function main(): Promise<void> {
  const options = readRuntimeOptions(process.argv.slice(2), process.env);
  // composeCore makes it (0700) and takes its lock: a second console on it stops here, saying who holds it.
  const dataDir = options.dataDir ?? defaultDataDir();
  const secrets = new KeytarSecretStore();
  const core = await composeCore({
    name: PRODUCT_NAME,
    version: APP_VERSION,
    mode: 'browser',
    dataDir,
    operator: options.operator,
    platform: process.platform,
    clock: options.clockStart ? new AdjustableClock(options.clockStart) : systemClock,
    killSwitchPollMs: options.powernodePollMs,
    powernodeTimeoutMs: options.powernodeTimeoutMs,
    secrets,
  });
  const server = await startBrowserServer({
    core,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    port: options.port,
    onInternalError: (method, error) => console.error(`[${method}]`, error instanceof Error ? error.message : error),
  });
  console.log(`${PRODUCT_NAME} ${APP_VERSION} (browser mode), data in ${dataDir}`);
  // The exact line tests and wrappers look for; the token in it is the only way in.
  console.log(`Open: ${server.url}`);
  // Said at start, in one line (after the URL, which a slow keychain must not delay), so a
  // machine without a keychain is explained before anyone tries to log in.
  void secrets.probe().then((keychain) => console.log(keychain.available ? 'Keychain: the OS keychain is available.' : `Keychain: ${keychain.message}`));

  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`${PRODUCT_NAME} could not start: ${errorMessage(error)}`);
  process.exit(1);
});
