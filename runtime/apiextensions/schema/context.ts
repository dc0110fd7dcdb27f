// The collector one validate() call writes into. kube runs its checks in separate passes
// (OpenAPI value validation, then embedded ObjectMeta, then list types) and reports them in
// that order; one walk here keeps three lists and joins them in kube's order at the end.
import { ValidationContext, type FieldError } from '../../api/index.js';

export class SchemaContext extends ValidationContext {
  readonly metaErrors: FieldError[] = [];
  readonly listErrors: FieldError[] = [];

  /** Everything found, in the order kube reports it. */
  allErrors(): FieldError[] {
    return [...this.errors, ...this.metaErrors, ...this.listErrors];
  }
}

/** A compiled check of one value at `path` (kube's dotted path, `[i]` for list items). */
export type NodeValidate = (value: unknown, path: string, ctx: SchemaContext) => void;
