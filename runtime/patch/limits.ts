// Limits that keep a patch request from costing more than a bounded amount of work.

/** kube-apiserver's cap on operations in one JSON patch (handlers.maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

/**
 * kube-apiserver's default MaxRequestBodyBytes, which caps every patch body (of any type)
 * before it is decoded; a longer body is a 413.
 */
export const MAX_PATCH_BODY_BYTES = 3 * 1024 * 1024;

/**
 * kube-apiserver's default JSONPatchMaxCopyBytes: the bytes all `copy` operations of one JSON
 * patch may add, which stops a few operations from doubling a document into gigabytes.
 */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

/**
 * Deepest nesting of objects and arrays a patch body (and a JSON patch result) may have.
 * kube's JSON decoder allows 10,000 levels, but on Node 20 JSON.stringify of a 10,000-deep
 * object already throws, and recursion of three frames per level fails near 5,000. The merge
 * engines recurse along the patch, so Capstan stops at 1,000: far beyond any Kubernetes
 * object, well inside the stack.
 */
export const MAX_PATCH_DEPTH = 1_000;
