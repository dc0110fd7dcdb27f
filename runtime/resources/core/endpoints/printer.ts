import type { Printer } from '../../../table/index.js';
import { integer, items, text } from '../../common/fields.js';

const SHOWN = 3;

/**
 * ENDPOINTS: ready addresses joined with their ports (`ip:port`, IPv6 in brackets), or the
 * bare IPs of a subset without ports; after three, ` + N more...`; `<none>` without subsets.
 */
export const endpoints: Printer = (object) => {
  const subsets = items(object, 'subsets');
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let total = 0;
  const add = (entry: string) => {
    if (shown.length < SHOWN) shown.push(entry);
  };
  for (const subset of subsets) {
    const addresses = items(subset, 'addresses').map((a) => text(a, 'ip'));
    const ports = items(subset, 'ports');
    if (ports.length === 0) {
      total += addresses.length;
      addresses.forEach(add);
      continue;
    }
    for (const port of ports) {
      total += addresses.length;
      for (const ip of addresses) add(hostPort(ip, integer(port, 'port')));
    }
  }
  const list = shown.join(',');
  return total > SHOWN ? `${list} + ${total - SHOWN} more...` : list;
};

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
