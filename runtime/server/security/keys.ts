// The service-account token keys: from the flags, else <data-dir>/pki/sa.key|sa.pub (made on
// first start), else generated in memory for servers that keep nothing on disk.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ensureServiceAccountKeyFiles, loadPublicKeys, loadSigningKey } from '../../auth/index.js';

export interface ServiceAccountKeys {
  readonly signingKey: KeyObject;
  readonly verificationKeys: readonly KeyObject[];
}

export interface KeySources {
  readonly dataDir?: string;
  readonly signingKeyFile?: string;
  readonly keyFiles?: readonly string[];
}

export async function loadServiceAccountKeys(src: KeySources): Promise<ServiceAccountKeys> {
  const extra = src.keyFiles && src.keyFiles.length > 0 ? await loadPublicKeys(src.keyFiles) : [];
  if (src.signingKeyFile) return { signingKey: await loadSigningKey(src.signingKeyFile), verificationKeys: extra };
  if (src.dataDir) {
    const files = await ensureServiceAccountKeyFiles(src.dataDir);
    return {
      signingKey: await loadSigningKey(files.privateKeyPath),
      verificationKeys: [...(await loadPublicKeys([files.publicKeyPath])), ...extra],
    };
  }
  // P-256: generated in microseconds, where an RSA key would cost every test server ~100 ms.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { signingKey: privateKey, verificationKeys: extra };
}
