// The per-request record: the policy decides the level once, and the record writes an event at
// each stage the policy does not omit, the way kube-apiserver's audit filter does.
import { formatMicros, nowMicros, sortedRecord } from './encode.js';
import { withoutManagedFields } from './managed-fields.js';
import type { AuditPolicy } from './policy.js';
import { compilePolicy, type RuleDecision } from './policy-match.js';
import { decodeRequestBody } from './request-body.js';
import type { AuditSink } from './sink.js';
import type {
  AttemptedAuthMethod,
  AuditEvent,
  AuditLevel,
  AuditObjectRef,
  AuditRequest,
  AuditResponseStatus,
  AuditStage,
  AuditUser,
  UserInfo,
} from './types.js';

export interface AuditRecord {
  readonly level: AuditLevel;
  /** After impersonation: sets impersonatedUser. */
  impersonated(user: UserInfo): void;
  /** e.g. authorization.k8s.io/decision = allow|forbid, authorization.k8s.io/reason = "..." */
  annotate(key: string, value: string): void;
  /**
   * The request body as received; kept (decoded) only at Request and RequestResponse. JSON,
   * YAML and protobuf bodies; a body that does not decode is left out, never an exception.
   */
  requestBody(body: Buffer, contentType: string | undefined): void;
  /** Long-running requests (watch) once headers are sent: a ResponseStarted event unless omitted. */
  responseStarted(code: number): void;
  /** The final event (ResponseComplete); `response` is the JSON-shaped answer (a Status for errors). */
  complete(code: number, response?: unknown): void;
  /** An internal error (500): the Panic stage event. */
  panic(err: unknown): void;
}

export interface Auditor {
  /** Evaluates the policy; null when the level is None. Writes RequestReceived unless omitted. */
  begin(request: AuditRequest): AuditRecord | null;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditorOptions {
  /** Epoch microseconds; tests pin it. */
  now?: () => number;
}

const MAX_USER_AGENT = 1024;
const LEVEL_RANK: Record<AuditLevel, number> = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };

function eventUser(user: UserInfo): AuditUser {
  const out: AuditUser = {};
  if (user.username) out.username = user.username;
  if (user.uid) out.uid = user.uid;
  if (user.groups && user.groups.length > 0) out.groups = [...user.groups];
  if (user.extra) {
    const entries = Object.entries(user.extra);
    if (entries.length > 0) out.extra = sortedRecord(entries.map(([k, v]) => [k, [...v]]));
  }
  return out;
}

function objectRefOf(request: AuditRequest): AuditObjectRef | undefined {
  const info = request.info;
  if (!info.isResourceRequest) return undefined;
  const ref: AuditObjectRef = {};
  if (info.resource) ref.resource = info.resource;
  if (info.namespace) ref.namespace = info.namespace;
  if (info.name) ref.name = info.name;
  if (info.apiGroup) ref.apiGroup = info.apiGroup;
  if (info.apiVersion) ref.apiVersion = info.apiVersion;
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

// The field order kube writes an ObjectReference in.
function orderedRef(ref: AuditObjectRef): AuditObjectRef {
  const out: AuditObjectRef = {};
  if (ref.resource) out.resource = ref.resource;
  if (ref.namespace) out.namespace = ref.namespace;
  if (ref.name) out.name = ref.name;
  if (ref.uid) out.uid = ref.uid;
  if (ref.apiGroup) out.apiGroup = ref.apiGroup;
  if (ref.apiVersion) out.apiVersion = ref.apiVersion;
  if (ref.resourceVersion) out.resourceVersion = ref.resourceVersion;
  if (ref.subresource) out.subresource = ref.subresource;
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The bounded fields kube copies from a Status answer. */
function statusOf(code: number, response: unknown): AuditResponseStatus {
  const out: AuditResponseStatus = { metadata: {} };
  if (isObj(response) && response.kind === 'Status') {
    if (typeof response.status === 'string' && response.status) out.status = response.status;
    if (typeof response.message === 'string' && response.message) out.message = response.message;
    if (typeof response.reason === 'string' && response.reason) out.reason = response.reason;
    if (response.details !== undefined && response.details !== null) out.details = response.details;
  }
  out.code = code;
  return out;
}

/** kube's message for a request whose credentials did not authenticate. */
export function authenticationFailedMessage(attempted: readonly AttemptedAuthMethod[] | undefined): string {
  return attempted && attempted.length > 0
    ? `Authentication failed, attempted: ${attempted.join(', ')}`
    : 'Authentication failed, no credentials provided';
}

/** The credentials a request offered, in kube's order, for AuditRequest.attemptedAuth. */
export function attemptedAuthMethods(authorization: string | undefined, requestURI: string, clientCertificate: boolean): AttemptedAuthMethod[] {
  const out: AttemptedAuthMethod[] = [];
  const auth = (authorization ?? '').trim();
  const parts = auth.split(' ');
  if (parts.length > 1 && parts[0]!.toLowerCase() === 'basic') out.push('basic');
  if (parts.length > 1 && parts[0]!.toLowerCase() === 'bearer') out.push('bearer');
  const q = requestURI.indexOf('?');
  if (q >= 0 && (new URLSearchParams(requestURI.slice(q + 1)).get('access_token') ?? '').trim() !== '') out.push('access_token');
  if (clientCertificate) out.push('x509');
  return out;
}

class EventRecord implements AuditRecord {
  private readonly user: AuditUser;
  private impersonatedUser: AuditUser | undefined;
  private readonly objectRef: AuditObjectRef | undefined;
  private readonly userAgent: string | undefined;
  private readonly receivedMicros: number;
  private readonly receivedText: string;
  private annotations: Map<string, string> | undefined;
  private requestObject: unknown;
  private responseObject: unknown;
  private responseStatus: AuditResponseStatus | undefined;
  private done = false;

  constructor(
    private readonly sink: AuditSink,
    private readonly request: AuditRequest,
    private readonly decision: RuleDecision,
    private readonly now: () => number,
  ) {
    this.user = request.user ? eventUser(request.user) : {};
    this.objectRef = objectRefOf(request);
    const ua = request.userAgent;
    this.userAgent = ua && ua.length > MAX_USER_AGENT ? `${ua.slice(0, MAX_USER_AGENT)}...TRUNCATED` : ua || undefined;
    this.receivedMicros = Math.floor(request.receivedAtMicros ?? request.receivedAt.getTime() * 1000);
    this.receivedText = formatMicros(this.receivedMicros);
  }

  get level(): AuditLevel {
    return this.decision.level;
  }

  /** A request that did not authenticate: kube writes only a ResponseStarted event for it. */
  private get unauthenticated(): boolean {
    return this.request.user === null;
  }

  emit(stage: AuditStage): void {
    if (this.decision.omitStages.has(stage)) return;
    const stageMicros = stage === 'RequestReceived' ? this.receivedMicros : Math.max(this.now(), this.receivedMicros);
    const event: AuditEvent = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: this.decision.level,
      auditID: this.request.auditID,
      stage,
      requestURI: this.request.requestURI,
      verb: this.request.info.verb,
      user: this.user,
    } as AuditEvent; // the timestamps are set below, after the optional fields, in kube's order
    if (this.impersonatedUser) event.impersonatedUser = this.impersonatedUser;
    if (this.request.sourceIPs.length > 0) event.sourceIPs = this.request.sourceIPs;
    if (this.userAgent) event.userAgent = this.userAgent;
    if (this.objectRef) event.objectRef = orderedRef(this.objectRef);
    if (this.responseStatus) event.responseStatus = this.responseStatus;
    if (this.requestObject !== undefined) event.requestObject = this.requestObject;
    if (this.responseObject !== undefined) event.responseObject = this.responseObject;
    event.requestReceivedTimestamp = this.receivedText;
    event.stageTimestamp = stage === 'RequestReceived' ? this.receivedText : formatMicros(stageMicros);
    if (this.annotations && this.annotations.size > 0) event.annotations = sortedRecord(this.annotations);
    this.sink.write(event);
  }

  impersonated(user: UserInfo): void {
    this.impersonatedUser = eventUser(user);
  }

  annotate(key: string, value: string): void {
    // kube keeps the first value written for a key.
    (this.annotations ??= new Map()).has(key) || this.annotations.set(key, value);
  }

  requestBody(body: Buffer, contentType: string | undefined): void {
    if (this.done) return;
    const verb = this.request.info.verb;
    const keep = LEVEL_RANK[this.decision.level] >= LEVEL_RANK.Request;
    // kube completes objectRef from the object of a create or an update at every level.
    const fillsRef = this.objectRef !== undefined && (verb === 'create' || verb === 'update');
    if (!keep && !fillsRef) return;
    const obj = decodeRequestBody(body, contentType);
    if (obj === undefined) return;
    if (fillsRef && isObj(obj) && isObj(obj.metadata)) this.completeRef(obj.metadata);
    if (keep) this.requestObject = this.decision.omitManagedFields ? withoutManagedFields(obj) : obj;
  }

  private completeRef(meta: Record<string, unknown>): void {
    const ref = this.objectRef!;
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    ref.namespace ||= str(meta.namespace);
    ref.name ||= str(meta.name);
    ref.uid ||= str(meta.uid);
    ref.resourceVersion ||= str(meta.resourceVersion);
  }

  responseStarted(code: number): void {
    if (this.done || this.responseStatus) return;
    this.responseStatus = { metadata: {}, code };
    this.emit('ResponseStarted');
  }

  complete(code: number, response?: unknown): void {
    if (this.done) return;
    this.done = true;
    if (this.unauthenticated) {
      const status = statusOf(code, response);
      if (status.message === undefined) status.message = authenticationFailedMessage(this.request.attemptedAuth);
      this.responseStatus = status;
      if (this.decision.level === 'RequestResponse' && response !== undefined) this.responseObject = response;
      this.emit('ResponseStarted');
      return;
    }
    if (isObj(response) && response.kind === 'Status') this.responseStatus = statusOf(code, response);
    else if (this.responseStatus) this.responseStatus = { ...this.responseStatus, code };
    else this.responseStatus = { metadata: {}, code };
    if (this.decision.level === 'RequestResponse' && response !== undefined) {
      this.responseObject = this.decision.omitManagedFields ? withoutManagedFields(response) : response;
    }
    this.emit('ResponseComplete');
  }

  panic(err: unknown): void {
    if (this.done) return;
    this.done = true;
    const message = err instanceof Error ? err.message : String(err);
    this.responseStatus = { metadata: {}, status: 'Failure', message: `APIServer panic'd: ${message}`, reason: 'InternalError', code: 500 };
    this.emit('Panic');
  }
}

export function createAuditor(policy: AuditPolicy, sink: AuditSink, options: AuditorOptions = {}): Auditor {
  const checker = compilePolicy(policy);
  const now = options.now ?? nowMicros;
  return {
    begin(request) {
      const decision = checker.evaluate(request.info, request.user);
      if (decision.level === 'None') return null;
      const record = new EventRecord(sink, request, decision, now);
      if (request.user !== null) record.emit('RequestReceived');
      return record;
    },
    flush: () => sink.flush(),
    close: () => sink.close(),
  };
}
