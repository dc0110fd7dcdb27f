// autoscaling/v1 Scale as a view of an object, built from configurable paths the way kube's
// CRD scale subresource does.
import { fieldErrors, isInteger, type FieldError } from '../api/index.js';
import { getPath, parseSimplePath, setPath } from './json-path.js';
import type { RegistryObject } from './object-meta.js';
import type { Scale } from './request.js';
import type { ScalePaths } from './strategy.js';

const INT32_MAX = 2147483647;

function replicasAt(obj: RegistryObject, path: string): number {
  const v = getPath(obj, parseSimplePath(path));
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function scaleOf(obj: RegistryObject, paths: ScalePaths): Scale {
  const m = obj.metadata ?? {};
  const metadata: Scale['metadata'] = {};
  if (m.name !== undefined) metadata.name = m.name;
  if (m.namespace !== undefined) metadata.namespace = m.namespace;
  if (m.uid !== undefined) metadata.uid = m.uid;
  if (m.resourceVersion !== undefined) metadata.resourceVersion = m.resourceVersion;
  if (m.creationTimestamp !== undefined) metadata.creationTimestamp = m.creationTimestamp;
  const status: Scale['status'] = { replicas: replicasAt(obj, paths.statusReplicasPath) };
  if (paths.labelSelectorPath !== undefined) {
    const selector = getPath(obj, parseSimplePath(paths.labelSelectorPath));
    if (typeof selector === 'string' && selector !== '') status.selector = selector;
  }
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata,
    spec: { replicas: replicasAt(obj, paths.specReplicasPath) },
    status,
  };
}

export function validateScale(scale: Scale): FieldError[] {
  const replicas: unknown = scale.spec?.replicas ?? 0;
  if (!isInteger(replicas) || replicas > INT32_MAX) {
    return [fieldErrors.invalid('spec.replicas', replicas, 'must be an integer')];
  }
  if (replicas < 0) return [fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')];
  return [];
}

export function applyScale(obj: RegistryObject, scale: Scale, paths: ScalePaths): void {
  setPath(obj as Record<string, unknown>, parseSimplePath(paths.specReplicasPath), scale.spec?.replicas ?? 0);
}
