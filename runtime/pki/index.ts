export {
  createCertificateAuthority,
  issueCertificate,
  loadIssuer,
  certificateNames,
  type IssuedCertificate,
  type Issuer,
  type LeafRequest,
} from './certificates.js';
export { ensureServerPki, issueServerPki, servingNames, type ServerPki, type PkiOptions } from './data-dir-pki.js';
export { renderKubeconfig, writeKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
