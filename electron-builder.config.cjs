// Packaging (`npm run package`, see scripts/package.mjs). CommonJS because package.json is an ES module.
const { join } = require('node:path');
const electronVersion = require('electron/package.json').version;
const { isTestBuild } = require('./build/fuses.cjs');

const testBuild = isTestBuild();
const platformArch = `${process.env.INCIDENT_CONSOLE_TARGET_PLATFORM ?? process.platform}-${process.env.INCIDENT_CONSOLE_TARGET_ARCH ?? process.arch}`;

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.powernode.incident-console',
  productName: 'Incident Console',
  executableName: 'incident-console',
  electronVersion,
  // Where `npm start` would find the runtime; electron-builder downloads its own zip if this is absent.
  electronDist: process.env.INCIDENT_CONSOLE_ELECTRON_DIST,
  directories: { output: testBuild ? 'dist/test-build' : 'dist', buildResources: 'build' },
  artifactName: testBuild ? '${productName}-${version}-${arch}-TEST.${ext}' : '${productName}-${version}-${arch}.${ext}',
  files: [
    'out/**',
    'package.json',
    // The Node-ABI build of better-sqlite3 must not ship: the Electron-ABI copy goes to resources/native.
    '!node_modules/better-sqlite3/build/**',
    '!node_modules/better-sqlite3/deps/**',
    '!node_modules/better-sqlite3/src/**',
    '!**/*.{map,md,ts,tsbuildinfo}',
  ],
  extraResources: [
    {
      // INCIDENT_CONSOLE_NATIVE_DIR: only for the packaging test, which packs a stand-in.
      from: process.env.INCIDENT_CONSOLE_NATIVE_DIR ?? join('.cache/electron-native', electronVersion, platformArch),
      to: 'native',
      filter: ['better_sqlite3.node'],
    },
  ],
  asar: true,
  asarUnpack: ['**/*.node'],
  // Native modules: better-sqlite3 comes prepared by scripts/prepare-electron-native.mjs; @github/keytar
  // ships N-API prebuilds (one build serves Node and Electron). Nothing to rebuild here.
  npmRebuild: false,
  nodeGypRebuild: false,
  afterPack: './build/after-pack.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    maintainer: 'Powernode SRE <sre@powernode.invalid>',
    synopsis: 'Incident commander console for Powernode',
  },
  deb: {
    // keytar talks to the Secret Service; GNOME Keyring or KWallet provides it.
    depends: ['libsecret-1-0', 'libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'],
  },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
  dmg: { sign: false },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};
