// What each store operation takes and answers. The endpoint layer builds the context from the
// request info and turns results into responses (status code, body, Warning headers).
import type { ResourceVersionMatch } from '../storage/index.js';

export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export interface RequestContext {
  /** The namespace from the URL; unset or "" for cluster-scoped kinds and all-namespace lists. */
  readonly namespace?: string;
  /** The name from the URL, when it has one. */
  readonly name?: string;
  readonly user?: UserInfo;
  /** dryRun=All: everything but the write. */
  readonly dryRun?: boolean;
  /** Clock for timestamps; tests pin it. */
  readonly now?: () => Date;
}

/**
 * Validating admission, passed in by the endpoint: it runs after the strategy on the fully
 * formed object (inside the update retry loop), and throws a StatusError to reject.
 */
export type AdmissionValidate<T> = (obj: T, old: T | null) => void | Promise<void>;

/**
 * Mutating admission of an update, passed in by the endpoint: it runs inside the update retry
 * loop on the object the request would write (body, patch or apply merged onto the live
 * object) before the strategy prepares it, and answers the object to go on with (kube's
 * UpdatedObjectInfo transformers). `old` is null when the update creates.
 */
export type AdmissionMutate<T> = (obj: T, old: T | null) => Promise<T>;

export interface CreateOptions<T> extends RequestContext {
  readonly validate?: AdmissionValidate<T>;
  /**
   * Who makes this write, recorded in metadata.managedFields (kube's field manager). Unset:
   * a server-internal write, and the object keeps the managedFields it carries.
   */
  readonly fieldManager?: string;
}

/** Server-side apply: the update's body is an apply configuration, merged onto the live object. */
export interface ApplyOptions {
  /** Take ownership of fields other managers own instead of answering 409. */
  readonly force: boolean;
}

export interface UpdateOptions<T> extends RequestContext {
  readonly admit?: AdmissionMutate<T>;
  readonly validate?: AdmissionValidate<T>;
  /** Create an absent object even when the strategy does not allow create-on-update (server-side apply). */
  readonly forceAllowCreate?: boolean;
  /** As on create: the manager recorded in metadata.managedFields; required with `apply`. */
  readonly fieldManager?: string;
  /** The body is an apply configuration for `fieldManager` (PATCH application/apply-patch+yaml). */
  readonly apply?: ApplyOptions;
}

export interface GetOptions extends RequestContext {
  readonly resourceVersion?: string;
}

export interface SelectorOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface ListOptions extends RequestContext, SelectorOptions {
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
}

export interface WatchOptions extends RequestContext, SelectorOptions {
  readonly resourceVersion?: string;
  readonly allowBookmarks?: boolean;
  readonly sendInitialEvents?: boolean;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** metav1.DeleteOptions as decoded from the body or query. */
export interface DeleteOptionsBody {
  readonly gracePeriodSeconds?: number;
  readonly orphanDependents?: boolean;
  readonly propagationPolicy?: string;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

export interface DeleteOptions<T> extends RequestContext {
  readonly options?: DeleteOptionsBody;
  /** Validating admission for DELETE, run against the object about to go. */
  readonly validate?: (obj: T) => void | Promise<void>;
}

export interface DeleteCollectionOptions<T> extends ListOptions {
  readonly options?: DeleteOptionsBody;
  readonly validate?: (obj: T) => void | Promise<void>;
}

/** Every answer carries the warnings it produced (sent as `Warning: 299 - "..."` headers). */
export interface ObjectResult<T> {
  readonly object: T;
  readonly warnings: string[];
}

export interface UpdateResult<T> extends ObjectResult<T> {
  /** The object was absent and the PUT created it (201 instead of 200). */
  readonly created: boolean;
}

export interface ListResponse<T> {
  readonly items: T[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** kube's body for a completed delete of a kind that does not return the deleted object. */
export interface DeleteSuccessStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success';
  readonly details: { readonly name: string; readonly group?: string; readonly kind: string; readonly uid?: string };
}

export interface DeleteResult<T> {
  /** The deleted object, the object now pending deletion, or a success Status. */
  readonly body: T | DeleteSuccessStatus;
  /** Gone from storage now (false: finalizers keep it, with deletionTimestamp set). */
  readonly deleted: boolean;
  /** 202 only when kept and the client asked orphanDependents=false (kube's rule); else 200. */
  readonly code: 200 | 202;
  readonly warnings: string[];
}

export interface DeleteCollectionResult<T> {
  /** The objects the delete applied to, as listed before deleting them (kube's answer). */
  readonly items: T[];
  readonly resourceVersion: string;
  readonly warnings: string[];
}

/** autoscaling/v1 Scale. */
export interface Scale {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}
