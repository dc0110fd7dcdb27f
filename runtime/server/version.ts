// What /version reports. Clients use gitVersion for feature and skew decisions (kubectl picks
// its behaviour by it), so it names the Kubernetes API level Capstan serves.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export const KUBE_API_MAJOR = '1';
export const KUBE_API_MINOR = '33';

const platformArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386' };

// Stamped into the bundle by scripts/build.ts; a run from source reports when it was started.
declare const CAPSTAN_BUILD_DATE: string | undefined;
declare const CAPSTAN_GIT_COMMIT: string | undefined;
declare const CAPSTAN_GIT_TREE_STATE: string | undefined;
const buildDate = typeof CAPSTAN_BUILD_DATE === 'string' ? CAPSTAN_BUILD_DATE : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const gitCommit = typeof CAPSTAN_GIT_COMMIT === 'string' ? CAPSTAN_GIT_COMMIT : '';
const gitTreeState = typeof CAPSTAN_GIT_TREE_STATE === 'string' ? CAPSTAN_GIT_TREE_STATE : '';

export function versionInfo(): Record<string, string> {
  return {
    major: KUBE_API_MAJOR,
    minor: KUBE_API_MINOR,
    gitVersion: `v${KUBE_API_MAJOR}.${KUBE_API_MINOR}.0+capstan.${pkg.version}`,
    gitCommit,
    gitTreeState,
    buildDate,
    goVersion: `node${process.versions.node}`,
    compiler: 'node',
    platform: `${process.platform}/${platformArch[process.arch] ?? process.arch}`,
  };
}
