// Upstream paths of kinds we serve that Capstan deliberately leaves out, with the reason.
// The path check reports any other upstream path of a served kind that our specs lack.
export const NOT_SERVED: ReadonlyMap<string, string> = new Map([
  // Proxying to a Service's endpoints needs a cluster network; Capstan has none.
  ['/api/v1/namespaces/{namespace}/services/{name}/proxy', 'service proxy'],
  ['/api/v1/namespaces/{namespace}/services/{name}/proxy/{path}', 'service proxy'],
]);
