// Electron fuses flipped in the packaged binary (see after-pack.cjs). Fuses are bits compiled into
// the Electron executable; flipping them at package time removes whole attack classes that no
// runtime check can: running the app as a plain Node (ELECTRON_RUN_AS_NODE), injecting code via
// NODE_OPTIONS or --inspect, and loading an app folder other than the signed app.asar.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/**
 * @param {{ testBuild?: boolean }} [options] testBuild keeps --inspect arguments allowed, because
 *   Playwright's `_electron.launch` drives the app through the inspector. Never shipped.
 */
function fuseConfig({ testBuild = false } = {}) {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Test builds are asked for explicitly, never by accident: `INCIDENT_CONSOLE_TEST_BUILD=1`. */
const isTestBuild = (env = process.env) => env.INCIDENT_CONSOLE_TEST_BUILD === '1';

module.exports = { fuseConfig, isTestBuild };
