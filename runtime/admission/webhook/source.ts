// Where the webhook configurations come from. The server feeds them from the stores of
// mutatingwebhookconfigurations and validatingwebhookconfigurations (list, then watch);
// tests and embedders without those stores set them directly.
import type {
  MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration,
} from '../../../generated/admissionregistration.k8s.io/v1/index.js';
import { ResourceInformer } from '../../controllers/base/index.js';
import type { RegistryObject, RegistryStore } from '../../registry/index.js';

export interface WebhookConfigurations {
  readonly mutating: readonly MutatingWebhookConfiguration[];
  readonly validating: readonly ValidatingWebhookConfiguration[];
}

export interface WebhookSource {
  /** The current configurations. A new object after every change, so callers may cache by identity. */
  current(): WebhookConfigurations;
  /** Resolves once the first full state is known. */
  synced(): Promise<void>;
  stop(): Promise<void>;
}

/** A source whose configurations are set by its owner; synced from the start. */
export class StaticWebhookSource implements WebhookSource {
  private readonly mutating = new Map<string, MutatingWebhookConfiguration>();
  private readonly validating = new Map<string, ValidatingWebhookConfiguration>();
  private snapshot: WebhookConfigurations = { mutating: [], validating: [] };

  constructor(initial: Partial<WebhookConfigurations> = {}) {
    for (const c of initial.mutating ?? []) this.mutating.set(c.metadata?.name ?? '', c);
    for (const c of initial.validating ?? []) this.validating.set(c.metadata?.name ?? '', c);
    this.refresh();
  }

  /** Adds or replaces (by metadata.name) a configuration. */
  setMutating(config: MutatingWebhookConfiguration): void {
    this.mutating.set(config.metadata?.name ?? '', config);
    this.refresh();
  }

  setValidating(config: ValidatingWebhookConfiguration): void {
    this.validating.set(config.metadata?.name ?? '', config);
    this.refresh();
  }

  deleteMutating(name: string): void {
    this.mutating.delete(name);
    this.refresh();
  }

  deleteValidating(name: string): void {
    this.validating.delete(name);
    this.refresh();
  }

  current(): WebhookConfigurations {
    return this.snapshot;
  }

  synced(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private refresh(): void {
    this.snapshot = { mutating: [...this.mutating.values()], validating: [...this.validating.values()] };
  }
}

export interface StoreWebhookSourceOptions {
  readonly mutating: RegistryStore<RegistryObject>;
  readonly validating: RegistryStore<RegistryObject>;
  readonly onError?: (err: unknown) => void;
}

/** Configurations as stored: one in-process informer per store. */
export class StoreWebhookSource implements WebhookSource {
  private readonly mutating: ResourceInformer;
  private readonly validating: ResourceInformer;
  private snapshot: WebhookConfigurations | null = null;

  constructor(opts: StoreWebhookSourceOptions) {
    const changed = () => {
      this.snapshot = null;
    };
    const informer = (store: RegistryStore<RegistryObject>) =>
      new ResourceInformer({ store, onEvent: changed, ...(opts.onError ? { onError: opts.onError } : {}) });
    this.mutating = informer(opts.mutating);
    this.validating = informer(opts.validating);
  }

  current(): WebhookConfigurations {
    // The stores hold these kinds only, so their objects are these configurations.
    this.snapshot ??= {
      mutating: this.mutating.list() as MutatingWebhookConfiguration[],
      validating: this.validating.list() as ValidatingWebhookConfiguration[],
    };
    return this.snapshot;
  }

  async synced(): Promise<void> {
    await Promise.all([this.mutating.synced(), this.validating.synced()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.mutating.stop(), this.validating.stop()]);
  }
}
