// The etcd3 client configured for a storage backend: calls are not retried by etcd3 (see
// policies.ts), every unary call has a deadline, and gRPC reconnects quickly after an outage.
// Watch streams are opened here but managed by watch.ts.
import { Etcd3, GRPCUnavailableError, type IRangeRequest, type IRangeResponse, type ITxnRequest, type ITxnResponse } from 'etcd3';
import type { IWatchRequest, IWatchResponse } from 'etcd3';
import { passThroughPolicy, skipFailedHostPolicy } from './policies.js';

/**
 * A call that failed before it was sent (no connection yet) is tried again for this long: right
 * after etcd comes back the channel may still be between reconnect attempts. Longer outages
 * still fail quickly.
 */
const NOT_SENT_RETRY_MS = 1000;

/** gRPC's failure for a call it never sent, because no connection to etcd was established. */
function neverSent(err: unknown): boolean {
  return err instanceof GRPCUnavailableError && err.message.includes('No connection established');
}

/** The duplex gRPC stream of one Watch RPC. */
export interface WatchStream {
  write(req: IWatchRequest): void;
  end(): void;
  cancel(): void;
  pause(): this;
  resume(): this;
  on(event: 'data', fn: (res: IWatchResponse) => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  on(event: 'end', fn: () => void): this;
}

export interface EtcdClientOptions {
  endpoints: string[];
  requestTimeoutMs: number;
}

export class EtcdClient {
  private readonly etcd: Etcd3;
  private readonly timeoutMs: number;

  constructor(opts: EtcdClientOptions) {
    this.timeoutMs = opts.requestTimeoutMs;
    this.etcd = new Etcd3({
      hosts: opts.endpoints,
      faultHandling: {
        // With one member there is nowhere else to go: every call must try it.
        host: () => (opts.endpoints.length > 1 ? skipFailedHostPolicy() : passThroughPolicy()),
        global: passThroughPolicy(),
      },
      grpcOptions: {
        // kube objects and pages of them can exceed gRPC's 4 MiB default.
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
        // After an outage, reconnect within a second instead of backing off for minutes.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1000,
        // Notice a silently dead connection (etcd's default minimum ping interval is 5 s).
        'grpc.keepalive_time_ms': 10_000,
        'grpc.keepalive_timeout_ms': 5_000,
      },
    });
  }

  /** Runs a unary call with the deadline; retries it only while it provably never reached etcd. */
  private async call<R>(run: (options: { deadline: number }) => Promise<R>): Promise<R> {
    const started = Date.now();
    const options = { deadline: started + this.timeoutMs };
    const retryUntil = started + Math.min(NOT_SENT_RETRY_MS, this.timeoutMs);
    for (let delay = 25; ; delay = Math.min(delay * 2, 200)) {
      try {
        return await run(options);
      } catch (err) {
        if (!neverSent(err) || Date.now() + delay > retryUntil) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  range(req: IRangeRequest): Promise<IRangeResponse> {
    return this.call((options) => this.etcd.kv.range(req, options));
  }

  txn(req: ITxnRequest): Promise<ITxnResponse> {
    return this.call((options) => this.etcd.kv.txn(req, options));
  }

  /** A plain put, unused by the storage: benchmarks compare its transactions against it. */
  async put(key: Buffer, value: Buffer): Promise<void> {
    await this.call((options) => this.etcd.kv.put({ key, value }, options));
  }

  /** Older revisions are unreadable once this returns; etcd frees their space in the background. */
  async compact(revision: number): Promise<void> {
    await this.call((options) => this.etcd.kv.compact({ revision, physical: false }, options));
  }

  /** Opens a Watch RPC; it lives until cancelled or broken (no deadline). */
  watch(): Promise<WatchStream> {
    return this.etcd.watchClient.watch() as Promise<unknown> as Promise<WatchStream>;
  }

  close(): void {
    this.etcd.close();
  }
}
