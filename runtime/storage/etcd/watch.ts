// One watch over etcd. Each watcher owns its Watch RPC and remembers the last revision it
// delivered; when the stream breaks (etcd restarted, connection lost) it opens a new one from
// that revision + 1, so events are neither lost nor repeated. If etcd compacted that revision
// meanwhile, the watcher ends with an ERROR (Expired), as kube's does.
//
// etcd3's own watch manager is not used: it moves its resume point to the header revision of
// the creation response, which can skip events a catching-up watcher had not yet received.
import type { IWatchCreateRequest, IWatchResponse } from 'etcd3';
import { expired, internal, type StorageError } from '../errors.js';
import type { StoredObject, WatchEvent, WatchOptions } from '../interface.js';
import { prefixEnd } from '../keys.js';
import { ensureNotAhead } from '../resource-version.js';
import { WatchQueue } from '../watch-queue.js';
import type { SelectionPredicate } from '../../selection/index.js';
import type { EtcdClient, WatchStream } from './client.js';
import { toStorageError } from './errors.js';
import { toWatchEvent } from './events.js';
import { decodeValue, headerRevision, keyBytes } from './kv.js';
import type { RangeReader } from './reader.js';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;
/** How often a producer held back by a full queue looks again. */
const DRAIN_POLL_MS = 5;
/** A consumer that takes no event for this long while its queue is half full is stuck. */
const STALL_MS = 3000;

export interface EtcdWatchConfig<T extends StoredObject> {
  client: EtcdClient;
  reader: RangeReader;
  key: string;
  opts: WatchOptions<T>;
  /** The parsed resourceVersion: undefined for "" / unset. */
  startRevision: number | undefined;
  /**
   * The newest revision this process had seen when watch() was called. A watch "from now"
   * starts after it, so a write made after watch() returned is always seen.
   */
  observedRevision: number;
  bookmarkIntervalMs: number;
  capacity: number;
  pagingBatch: number;
  onEnd: () => void;
}

export class EtcdWatch<T extends StoredObject> {
  readonly queue: WatchQueue<T>;
  private readonly cfg: EtcdWatchConfig<T>;
  private readonly predicate: SelectionPredicate<T> | undefined;
  private readonly rangeEnd: string | undefined;
  /**
   * Every event with a revision <= lastRev has been received (queued, or in the backlog ahead of
   * anything newer): the resume point after a broken stream. 0 until known.
   */
  private lastRev = 0;
  private stream: WatchStream | null = null;
  /** Bumped whenever a stream is abandoned, so its late callbacks are ignored. */
  private generation = 0;
  private stopped = false;
  /** Started after observedRevision and nothing delivered yet (see onResponse). */
  private startedFromObserved = false;
  private retryDelay = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private bookmarkTimer: NodeJS.Timeout | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  /** The stream paused until the consumer catches up. */
  private heldStream: WatchStream | null = null;
  /** Events received while the queue was full, oldest first; always delivered before new ones. */
  private backlog: WatchEvent<T>[] = [];

  constructor(cfg: EtcdWatchConfig<T>) {
    this.cfg = cfg;
    this.predicate = cfg.opts.predicate && !cfg.opts.predicate.empty ? cfg.opts.predicate : undefined;
    this.rangeEnd = cfg.opts.recursive ? prefixEnd(cfg.key) : undefined;
    this.queue = new WatchQueue<T>({ capacity: cfg.capacity, onClose: () => this.release() });
  }

  start(): void {
    this.run().catch((err: unknown) => this.fail(toStorageError(this.cfg.key, err)));
  }

  private async run(): Promise<void> {
    const { opts, startRevision } = this.cfg;
    const fromNow = startRevision === undefined || startRevision === 0;
    const initial = fromNow ? opts.sendInitialEvents !== false : opts.sendInitialEvents === true;
    if (initial) {
      const rev = await this.sendInitialState(fromNow ? 0 : startRevision);
      if (this.stopped) return;
      if (opts.sendInitialEvents === true && opts.allowBookmarks) {
        await this.pushPaced({ type: 'BOOKMARK', resourceVersion: String(rev), initialEventsEnd: true });
      }
      this.lastRev = rev;
    } else if (!fromNow) {
      this.lastRev = startRevision;
    } else if (this.cfg.observedRevision > 0) {
      this.lastRev = this.cfg.observedRevision;
      this.startedFromObserved = true;
    }
    // Otherwise lastRev stays 0 and the first stream's creation response says where "now" is.
    if (opts.allowBookmarks) {
      this.bookmarkTimer = setInterval(() => this.bookmark(), this.cfg.bookmarkIntervalMs);
    }
    await this.connect();
  }

  /** ADDED for every object at the latest revision (>= atLeast); returns that revision. */
  private async sendInitialState(atLeast: number): Promise<number> {
    const { key, reader, pagingBatch } = this.cfg;
    let start = key;
    let rev = 0;
    for (;;) {
      const req = this.rangeEnd === undefined
        ? { key: keyBytes(key) }
        : { key: keyBytes(start), range_end: keyBytes(this.rangeEnd), limit: pagingBatch };
      const res = await reader.range(key, req, rev);
      if (rev === 0) {
        rev = headerRevision(res.header);
        ensureNotAhead(key, atLeast, rev);
      }
      for (const kv of res.kvs) {
        if (this.stopped) return rev;
        const obj = decodeValue<T>(kv.key, kv.value, Number(kv.mod_revision));
        if (this.predicate !== undefined && !this.predicate.matches(obj)) continue;
        if (!(await this.pushPaced({ type: 'ADDED', object: obj }))) return rev;
      }
      if (this.rangeEnd === undefined || !res.more || res.kvs.length === 0) return rev;
      start = res.kvs[res.kvs.length - 1]!.key.toString('utf8') + '\0';
    }
  }

  /** For the initial state, whose pace the producer sets: waits for room instead of overflowing. */
  private async pushPaced(event: WatchEvent<T>): Promise<boolean> {
    while (this.queue.pending >= this.cfg.capacity && !this.queue.isClosed) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    return this.queue.push(event);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const generation = ++this.generation;
    let stream: WatchStream;
    try {
      stream = await this.cfg.client.watch();
    } catch {
      this.scheduleReconnect();
      return;
    }
    // Cancelling a stream makes it emit an error; without a listener that would crash.
    stream.on('error', () => undefined);
    if (this.stopped || generation !== this.generation) {
      closeStream(stream);
      return;
    }
    this.stream = stream;
    stream.on('data', (res) => {
      if (generation !== this.generation) return;
      try {
        this.onResponse(res);
      } catch (err) {
        // Thrown inside a gRPC callback it would take the process down.
        this.fail(toStorageError(this.cfg.key, err));
      }
    });
    stream.on('error', () => {
      if (generation === this.generation) this.onBroken();
    });
    stream.on('end', () => {
      if (generation === this.generation) this.onBroken();
    });
    const create: IWatchCreateRequest = { key: keyBytes(this.cfg.key), prev_kv: true };
    if (this.rangeEnd !== undefined) create.range_end = keyBytes(this.rangeEnd);
    if (this.lastRev > 0) create.start_revision = this.lastRev + 1;
    try {
      stream.write({ create_request: create });
    } catch {
      this.onBroken();
    }
  }

  private onResponse(res: IWatchResponse): void {
    if (this.stopped) return;
    if (res.canceled) {
      const compacted = Number(res.compact_revision);
      if (compacted > 0) {
        this.cfg.reader.noteCompacted(compacted);
        if (this.startedFromObserved) {
          // "Now" was only approximated by an old revision; start at etcd's now instead.
          this.startedFromObserved = false;
          this.lastRev = 0;
          this.onBroken();
          return;
        }
        this.fail(expired(this.cfg.key, this.lastRev, compacted));
      } else {
        this.fail(internal(this.cfg.key, new Error(`etcd cancelled the watch: ${res.cancel_reason}`)));
      }
      return;
    }
    if (res.created) {
      this.retryDelay = RETRY_MIN_MS;
      // A watch without a start revision begins right after the creation header's revision.
      if (this.lastRev === 0) this.lastRev = headerRevision(res.header);
      return;
    }
    // A response holds whole revisions (a transaction's events arrive together), so the resume
    // point moves once per response; anything at or below it was already delivered.
    const delivered = this.lastRev;
    let newest = delivered;
    for (const ev of res.events) {
      const rev = Number(ev.kv.mod_revision);
      if (rev <= delivered) continue;
      const event = toWatchEvent(ev, this.predicate);
      if (event instanceof Error) {
        this.fail(internal(this.cfg.key, event));
        return;
      }
      newest = rev;
      this.startedFromObserved = false;
      if (event !== null && !this.offer(event)) return;
    }
    this.lastRev = newest;
    if (this.backlog.length > 0 || this.queue.pending > this.cfg.capacity / 2) this.holdStream();
  }

  /** Queues an event, or keeps it in the backlog while the queue is full; false once ended. */
  private offer(event: WatchEvent<T>): boolean {
    if (this.queue.isClosed) return false;
    if (this.backlog.length > 0 || this.queue.pending >= this.cfg.capacity) {
      this.backlog.push(event);
      return true;
    }
    return this.queue.push(event);
  }

  /**
   * Stops reading from etcd until the consumer has caught up, so a burst (catching up after an
   * outage, or from an old revision) waits in etcd and in the backlog (at most one etcd response)
   * instead of overflowing the queue. A consumer that takes nothing for STALL_MS is taken to be
   * stuck: its watch is closed after the events already queued, and it has to watch again from
   * the last one it got.
   */
  private holdStream(): void {
    const stream = this.stream;
    if (stream && this.heldStream !== stream) {
      stream.pause();
      this.heldStream = stream;
    }
    if (this.drainTimer) return;
    let lastPending = this.queue.pending;
    let lastProgress = Date.now();
    this.drainTimer = setInterval(() => {
      const now = Date.now();
      if (this.queue.pending < lastPending) lastProgress = now;
      while (this.backlog.length > 0 && this.queue.pending < this.cfg.capacity) {
        if (!this.queue.push(this.backlog.shift()!)) return;
      }
      lastPending = this.queue.pending;
      if (this.backlog.length === 0 && lastPending <= this.cfg.capacity / 4) {
        this.stopHolding();
        this.heldStream?.resume();
        this.heldStream = null;
      } else if (now - lastProgress > STALL_MS) {
        this.stopHolding();
        this.backlog = [];
        this.queue.close();
      }
    }, DRAIN_POLL_MS);
  }

  private stopHolding(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }

  private onBroken(): void {
    if (this.stopped) return;
    this.generation++;
    if (this.stream) closeStream(this.stream);
    this.stream = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private bookmark(): void {
    // Queued behind every event up to lastRev, so it never claims one the consumer lacks. A
    // consumer with a backlog is behind anyway; a bookmark would only lengthen it.
    if (this.lastRev > 0 && this.backlog.length === 0) this.offer({ type: 'BOOKMARK', resourceVersion: String(this.lastRev) });
  }

  private fail(err: StorageError): void {
    if (this.stopped) return;
    // Whatever the backlog holds came before the failure.
    for (const event of this.backlog) this.queue.push(event);
    this.backlog = [];
    this.queue.push({ type: 'ERROR', error: err });
    this.queue.close();
  }

  /** Runs once when the queue ends for any reason. */
  private release(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    this.stopHolding();
    this.retryTimer = null;
    this.bookmarkTimer = null;
    if (this.stream) closeStream(this.stream);
    this.stream = null;
    this.cfg.onEnd();
  }
}

/**
 * Half-closes, then cancels. Half-closing first matters: etcd3 treats an error on a stream that
 * is still writable as a failed host and resets every connection to it.
 */
function closeStream(stream: WatchStream): void {
  try {
    stream.end();
    stream.cancel();
  } catch {
    // Already closed.
  }
}
