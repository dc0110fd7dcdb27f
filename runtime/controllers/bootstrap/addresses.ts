// The two addresses the `kubernetes` Service stands on: its cluster IP, taken from the service
// range, and the address its Endpoints point clients at.
import { isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** The first usable address of an IPv4 CIDR (the network address plus one), as kube reserves it. */
export function firstServiceIP(cidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits < 0 || bits > 30) {
    throw new Error(`service cluster IP range ${JSON.stringify(cidr)} is not an IPv4 CIDR with room for a service address`);
  }
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  // A range written with host bits set (10.0.0.7/24) still means its network, as a parsed CIDR does.
  const size = 2 ** (32 - bits);
  const first = Math.floor(value / size) * size + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join('.');
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '']);

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The address published in the `kubernetes` Endpoints: --advertise-address when given, else the
 * bind address, unless that listens everywhere (0.0.0.0, ::) or is not an IP; then the host's
 * first non-loopback, non-link-local IPv4 address, and 127.0.0.1 on a host without one.
 */
export function resolveAdvertiseAddress(bindAddress: string, advertiseAddress?: string, interfaces: Interfaces = networkInterfaces()): string {
  if (advertiseAddress !== undefined && isIP(advertiseAddress) !== 0 && !UNSPECIFIED.has(advertiseAddress)) return advertiseAddress;
  if (isIP(bindAddress) !== 0 && !UNSPECIFIED.has(bindAddress)) return bindAddress;
  // In the order the OS lists interfaces (by index, so the primary one usually comes before
  // bridges added later); link-local addresses are not reachable from elsewhere.
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.')) return info.address;
    }
  }
  return '127.0.0.1';
}
