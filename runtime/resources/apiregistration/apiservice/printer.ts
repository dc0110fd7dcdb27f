// APIService columns (kube-aggregator's own table).
import type { Printer } from '../../../table/index.js';
import { at, items, record, text } from '../../common/fields.js';

/** SERVICE: `namespace/name` of spec.service, or `Local` for APIs this server serves itself. */
export const apiServiceService: Printer = (apiService) => {
  const service = at(apiService, 'spec', 'service');
  return record(service) === undefined ? 'Local' : `${text(service, 'namespace')}/${text(service, 'name')}`;
};

/** AVAILABLE: the Available condition's status, `False (Reason)` when not True, else `Unknown`. */
export const apiServiceAvailable: Printer = (apiService) => {
  const available = items(apiService, 'status', 'conditions').find((c) => text(c, 'type') === 'Available');
  if (available === undefined) return 'Unknown';
  const status = text(available, 'status');
  const reason = text(available, 'reason');
  return status !== 'True' && reason !== '' ? `${status} (${reason})` : status;
};
