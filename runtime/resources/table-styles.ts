// Where kube-apiserver's table for a built-in kind differs from what the kind's spec columns
// say by themselves (see TableStyle). Keyed `group/Kind`, the core group being "".
// Age columns are `date` in the specs, as in a CRD, but kube's hand-written printers report
// them as `string`; so do some counts. Cells kube prints for an absent field are Go's zero
// value (""), or a placeholder its printer chooses.
import type { ColumnStyle, TableStyle } from '../table/index.js';

const age: ColumnStyle = { type: 'string' };
const empty: ColumnStyle = { whenMissing: '' };
const counted: ColumnStyle = { type: 'string' };

const eventTable: TableStyle = {
  leadingName: false,
  columns: { Type: empty, Reason: empty, Subobject: empty, Message: empty },
};

const styles: Readonly<Record<string, TableStyle>> = {
  '/Namespace': { columns: { Status: empty, Age: age } },
  '/ConfigMap': { columns: { Data: counted, Age: age } },
  '/Secret': { columns: { Type: empty, Data: counted, Age: age } },
  '/ServiceAccount': { columns: { Secrets: counted, Age: age } },
  '/Endpoints': { columns: { Age: age } },
  '/Service': { columns: { Type: empty, 'Cluster-IP': { whenMissing: '<none>' }, Age: age } },
  '/Event': eventTable,
  'events.k8s.io/Event': eventTable,
  'coordination.k8s.io/Lease': { columns: { Holder: empty, Age: age } },
  'rbac.authorization.k8s.io/Role': {},
  'rbac.authorization.k8s.io/ClusterRole': {},
  'rbac.authorization.k8s.io/RoleBinding': { columns: { Age: age } },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { columns: { Age: age } },
  'apiextensions.k8s.io/CustomResourceDefinition': {},
  'apiregistration.k8s.io/APIService': { columns: { Age: age } },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': { columns: { Age: age } },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { columns: { Age: age } },
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': { columns: { Age: age } },
  'admissionregistration.k8s.io/MutatingAdmissionPolicy': { columns: { Age: age } },
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': { columns: { PolicyName: empty, Age: age } },
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding': { columns: { PolicyName: empty, Age: age } },
};

/** The style of a built-in kind, or undefined for kinds whose columns are CRD-style. */
export function tableStyleFor(kind: { readonly group: string; readonly kind: string }): TableStyle | undefined {
  return styles[`${kind.group}/${kind.kind}`];
}
