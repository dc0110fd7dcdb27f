export { impersonate, type ImpersonationResult } from './impersonate.js';
export {
  readImpersonationHeaders,
  USER_HEADER,
  GROUP_HEADER,
  UID_HEADER,
  EXTRA_PREFIX,
  type HeaderValues,
  type ImpersonationRequest,
} from './headers.js';
