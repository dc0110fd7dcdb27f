// What /version reports. Clients use gitVersion for feature and skew decisions (kubectl picks
// its behaviour by it), so it names the Kubernetes API level Capstan serves.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export const KUBE_API_MAJOR = '1';
export const KUBE_API_MINOR = '33';

const platformArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386' };

export function versionInfo(): Record<string, string> {
  return {
    major: KUBE_API_MAJOR,
    minor: KUBE_API_MINOR,
    gitVersion: `v${KUBE_API_MAJOR}.${KUBE_API_MINOR}.0+capstan.${pkg.version}`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'node',
    platform: `${process.platform}/${platformArch[process.arch] ?? process.arch}`,
  };
}
