// electron-builder afterPack hook: flips the fuses (build/fuses.cjs) in the just-packed Electron
// binary, before electron-builder signs it and wraps it into AppImage/deb/dmg/nsis.
const { join } = require('node:path');
const { flipFuses, getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
const { fuseConfig, isTestBuild } = require('./fuses.cjs');

/** The packed executable for each platform electron-builder produces. */
function packedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const testBuild = isTestBuild();
  const executable = packedExecutable(context);
  await flipFuses(executable, {
    ...fuseConfig({ testBuild }),
    // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; re-sign after flipping.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */,
  });
  // Read them back: a package whose fuses did not take must not be produced.
  const wanted = fuseConfig({ testBuild });
  const actual = await getCurrentFuseWire(executable);
  for (const [key, value] of Object.entries(wanted)) {
    if (key === 'version') continue;
    if (actual[key] !== (value ? 49 : 48)) throw new Error(`Fuse ${FuseV1Options[key]} is not ${value ? 'on' : 'off'} in ${executable}`);
  }
  console.log(`  • fuses flipped${testBuild ? ' (TEST BUILD: inspector arguments left on for Playwright)' : ''}  file=${executable}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.packedExecutable = packedExecutable;
