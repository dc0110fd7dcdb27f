// CRDs shared by the openapi tests, typed as the generated CustomResourceDefinition so the
// tests also prove the stored type fits customResourceOpenApi's input.
import type { CustomResourceDefinition } from '../../../generated/apiextensions.k8s.io/v1/index.js';

export const established = { conditions: [{ type: 'Established', status: 'True' }, { type: 'NamesAccepted', status: 'True' }] };

export function widgetCrd(overrides: { spec?: Partial<CustomResourceDefinition['spec']>; status?: CustomResourceDefinition['status']; uid?: string; resourceVersion?: string } = {}): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', uid: overrides.uid ?? 'u-1', resourceVersion: overrides.resourceVersion ?? '10' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          selectableFields: [{ jsonPath: '.spec.color' }],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'A widget.',
              properties: {
                metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
                spec: {
                  type: 'object',
                  description: 'What the widget should be.',
                  required: ['color', 'note'],
                  example: { color: 'red' },
                  properties: {
                    color: { type: 'string', enum: ['red', 'blue'], default: 'red', description: 'Paint colour.' },
                    size: { 'x-kubernetes-int-or-string': true },
                    note: { type: 'string', nullable: true },
                    tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } },
                    template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
                    choice: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] },
                  },
                },
                status: { type: 'object', properties: { ready: { type: 'boolean' } } },
              },
            },
          },
        },
        {
          name: 'v2',
          served: true,
          storage: false,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } },
        },
        { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
      ...overrides.spec,
    },
    status: overrides.status ?? established,
  };
}
