// Chooses the response encoding for resource requests the way kube-apiserver does: JSON, YAML
// or (later) protobuf, optionally as a meta.k8s.io Table or PartialObjectMetadata view.
import { statusErrors } from '../errors/index.js';
import { essenceOf, parseAccept, type MediaType } from './media-types.js';

export type Serialization = 'json' | 'yaml' | 'protobuf';

/** How objects are transformed before encoding. */
export type View =
  | { kind: 'object' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'partial'; version: 'v1' | 'v1beta1' };

export interface Negotiated {
  serialization: Serialization;
  view: View;
  /** The Content-Type to answer with. */
  contentType: string;
}

export const SUPPORTED_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

const SERIALIZATIONS: Record<string, Serialization> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  '*/*': 'json',
  'application/*': 'json',
};

function viewOf(mt: MediaType): View | null | 'unsupported' {
  const as = mt.params['as'];
  if (as === undefined) return { kind: 'object' };
  if (mt.params['g'] !== 'meta.k8s.io') return 'unsupported';
  const version = mt.params['v'];
  if (version !== 'v1' && version !== 'v1beta1') return 'unsupported';
  if (as === 'Table') return { kind: 'table', version };
  if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { kind: 'partial', version };
  return 'unsupported';
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

export interface NegotiationOptions {
  /** Table / PartialObjectMetadata views are possible (not for subresources of other kinds). */
  allowViews?: boolean;
  /** The kind has a protobuf codec; without one protobuf is skipped, as kube does for CRDs. */
  protobuf?: boolean;
}

/** Picks the first acceptable media type the resource can be answered in. */
export function negotiateResponse(accept: string | undefined, opts: NegotiationOptions = {}): Negotiated {
  for (const mt of parseAccept(accept)) {
    if (essenceOf(mt) === PROTOBUF) {
      // Protobuf carries objects only: Table and PartialObjectMetadata views stay JSON.
      if (opts.protobuf && mt.params['as'] === undefined) return { serialization: 'protobuf', view: { kind: 'object' }, contentType: PROTOBUF };
      continue;
    }
    const serialization = SERIALIZATIONS[essenceOf(mt)];
    if (!serialization) continue;
    const view = viewOf(mt);
    if (view === 'unsupported' || view === null) continue;
    if (view.kind !== 'object' && opts.allowViews === false) continue;
    const base = serialization === 'yaml' ? 'application/yaml' : 'application/json';
    const contentType =
      view.kind === 'table'
        ? `${base};as=Table;v=${view.version};g=meta.k8s.io`
        : view.kind === 'partial'
          ? `${base};as=PartialObjectMetadata;v=${view.version};g=meta.k8s.io`
          : base;
    return { serialization, view, contentType };
  }
  throw statusErrors.notAcceptable(SUPPORTED_MEDIA_TYPES);
}

/** For non-resource endpoints that only speak JSON (discovery, version). */
export function acceptsJson(accept: string | undefined): boolean {
  return parseAccept(accept).some((mt) => SERIALIZATIONS[essenceOf(mt)] === 'json');
}
