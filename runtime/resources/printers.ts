// Every named printer a spec can reference with `printer: <name>`.
import type { Printer, PrinterRegistry } from '../table/index.js';
import { paramKind } from './admissionregistration/policy/printer.js';
import { paramRef } from './admissionregistration/policybinding/printer.js';
import { apiServiceAvailable, apiServiceService } from './apiregistration/apiservice/printer.js';
import { createdAt } from './common/created-at.js';
import { configMapData } from './core/configmap/printer.js';
import { endpoints } from './core/endpoints/printer.js';
import { eventCount, eventFirstSeen, eventLastSeen, eventMessage, eventObject, eventSource } from './core/event/printer.js';
import { serviceExternalIP, servicePorts, serviceSelector } from './core/service/printer.js';
import {
  eventsV1Count,
  eventsV1FirstSeen,
  eventsV1LastSeen,
  eventsV1Message,
  eventsV1Object,
  eventsV1Source,
} from './events/event/printer.js';
import { roleRef, subjectsGroups, subjectsServiceAccounts, subjectsUsers } from './rbac/rolebinding/printer.js';

const named: Readonly<Record<string, Printer>> = {
  createdAt,
  configMapData,
  endpoints,
  serviceExternalIP,
  servicePorts,
  serviceSelector,
  eventLastSeen,
  eventFirstSeen,
  eventCount,
  eventObject,
  eventSource,
  eventMessage,
  eventsV1LastSeen,
  eventsV1FirstSeen,
  eventsV1Count,
  eventsV1Object,
  eventsV1Source,
  eventsV1Message,
  roleRef,
  subjectsUsers,
  subjectsGroups,
  subjectsServiceAccounts,
  apiServiceService,
  apiServiceAvailable,
  paramKind,
  paramRef,
};

export const builtinPrinters: PrinterRegistry = new Map(Object.entries(named));
