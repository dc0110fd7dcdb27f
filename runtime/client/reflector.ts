// Keeps a store in step with the server: list (in pages), then watch from the list's
// resourceVersion. A watch that ends is resumed from the last resourceVersion seen (events
// and bookmarks advance it), so nothing is missed or replayed; a 410 Gone/Expired means that
// point left the server's history, and the reflector lists again. Every reconnection that
// did not follow a productive watch waits an exponential, jittered, bounded backoff, so a
// failing or flapping server is never hammered.
import { isGone } from './api-error.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { KubeList, KubeObject } from './objects.js';
import type { ListOptions, WatchOptions } from './resource-client.js';
import type { WatchEvent } from './watch.js';

/** What a reflector lists and watches; a ResourceClient is one. */
export interface ListerWatcher<T extends KubeObject> {
  list(options: ListOptions): Promise<KubeList<T>>;
  watch(options: WatchOptions): Promise<AsyncIterableIterator<WatchEvent<T>> & { stop(): void }>;
}

export type ObjectEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T };

/** Where a reflector puts what it learns. */
export interface ReflectorStore<T> {
  /** A complete list: the store becomes exactly these items. */
  replace(items: T[], resourceVersion: string): void;
  apply(event: ObjectEvent<T>): void;
}

export interface ReflectorOptions {
  /** Lists and watches are restricted to this namespace (namespaced resources only). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of lists. Default 500; 0 lists in one request. */
  pageSize?: number;
  /** The server ends each watch after a random time in [this, 2 x this]. Default 300 s. */
  watchTimeoutSeconds?: number;
  /** Reconnection backoff. Defaults: 800 ms doubling to 30 s, full jitter. */
  backoff?: BackoffOptions;
  /** Told of every failure the reflector recovers from (it keeps running). */
  onError?: (err: unknown) => void;
}

export class Reflector<T extends KubeObject> {
  /** The resourceVersion the store reflects; '' before the first list. */
  lastSyncResourceVersion = '';
  /** The last failure, kept so a silent retry loop can still be inspected. */
  lastError: unknown;
  private readonly backoff: Backoff;
  private readonly selectors: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'>;

  constructor(
    private readonly source: ListerWatcher<T>,
    private readonly store: ReflectorStore<T>,
    private readonly options: ReflectorOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff);
    this.selectors = {
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
    };
  }

  /** Runs until `signal` aborts; never rejects for server or connection failures. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      let productive = false;
      try {
        if (needList) {
          await this.listAndReplace(signal);
          needList = false;
        }
        productive = await this.watchOnce(signal);
        // A watch that delivered something and then ended (its timeout ran out) is healthy:
        // resume at once. One that ended empty-handed is treated like a failure.
        if (productive) {
          this.backoff.reset();
          continue;
        }
      } catch (err) {
        if (signal.aborted) break;
        productive = productive || (err instanceof WatchFailure && err.productive);
        const cause = err instanceof WatchFailure ? err.cause : err;
        if (isGone(cause)) needList = true;
        this.report(cause);
      }
      if (productive) this.backoff.reset();
      try {
        await this.backoff.wait(signal);
      } catch {
        break; // aborted
      }
    }
  }

  private async listAndReplace(signal: AbortSignal): Promise<void> {
    const pageSize = this.options.pageSize ?? 500;
    let list: KubeList<T>;
    try {
      list = await this.listPaged(pageSize, signal);
    } catch (err) {
      // A continue token can expire between pages; a single unpaged list cannot.
      if (!isGone(err) || pageSize === 0) throw err;
      list = await this.listPaged(0, signal);
    }
    const resourceVersion = list.metadata?.resourceVersion ?? '';
    this.store.replace(list.items, resourceVersion);
    this.lastSyncResourceVersion = resourceVersion;
  }

  private async listPaged(pageSize: number, signal: AbortSignal): Promise<KubeList<T>> {
    const base: ListOptions = { ...this.selectors, signal, ...(pageSize > 0 ? { limit: pageSize } : {}) };
    let page = await this.source.list(base);
    const items = [...page.items];
    while (page.metadata?.continue) {
      page = await this.source.list({ ...base, continue: page.metadata.continue });
      items.push(...page.items);
    }
    return { ...page, items };
  }

  /** Returns whether the watch delivered any event; throws WatchFailure when it failed. */
  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    const min = this.options.watchTimeoutSeconds ?? 300;
    const watch = await this.source.watch({
      ...this.selectors,
      resourceVersion: this.lastSyncResourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.floor(min * (1 + Math.random())),
      signal,
    });
    let productive = false;
    try {
      for await (const event of watch) {
        productive = true;
        if (event.type === 'BOOKMARK') {
          const rv = event.object.metadata.resourceVersion;
          if (rv) this.lastSyncResourceVersion = rv;
          continue;
        }
        this.store.apply(event);
        const rv = event.object.metadata?.resourceVersion;
        if (rv) this.lastSyncResourceVersion = rv;
      }
    } catch (err) {
      throw new WatchFailure(err, productive);
    } finally {
      watch.stop();
    }
    return productive;
  }

  private report(err: unknown): void {
    this.lastError = err;
    try {
      this.options.onError?.(err);
    } catch {
      // a failing error handler must not stop the reflector
    }
  }
}

class WatchFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly productive: boolean,
  ) {
    super('watch failed', { cause });
  }
}
