// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary, before it is signed. electron-builder 25 has no `electronFuses`
// option (it came with 26), so this hook does what that option does, with
// @electron/fuses. Closed: running the app as plain Node (ELECTRON_RUN_AS_NODE),
// NODE_OPTIONS and --inspect; loading the app from anywhere but its asar, and
// an asar whose integrity does not match the hash recorded at packaging.

/** Fuse name (as in @electron/fuses' FuseV1Options) → wanted state. */
const CAIRN_FUSES = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
});

/** electron-builder's Arch enum: arm64 and universal builds carry an ad-hoc signature on macOS. */
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/** The Electron binary (or macOS app bundle) electron-builder just packed. */
function electronBinaryOf(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return `${appOutDir}/${product}.app`;
    case 'win32':
      return `${appOutDir}/${product}.exe`;
    default:
      return `${appOutDir}/${packager.executableName}`;
  }
}

/** The options @electron/fuses' flipFuses takes for Cairn's fuses. */
function flipOptionsFor(context, { FuseVersion, FuseV1Options }) {
  const options = { version: FuseVersion.V1 };
  for (const [name, enabled] of Object.entries(CAIRN_FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    options[FuseV1Options[name]] = enabled;
  }
  // Flipping a fuse breaks the ad-hoc signature that arm64 binaries need to start; re-sign them ad hoc.
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  options.resetAdHocDarwinSignature = darwin && (context.arch === ARCH_ARM64 || context.arch === ARCH_UNIVERSAL);
  return options;
}

/** The hook; `fuses` is @electron/fuses, passed in by tests. */
async function afterPack(context, fuses = require('@electron/fuses')) {
  await fuses.flipFuses(electronBinaryOf(context), flipOptionsFor(context, fuses));
}

module.exports = { default: afterPack, afterPack, CAIRN_FUSES, electronBinaryOf, flipOptionsFor };
