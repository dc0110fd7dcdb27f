// events.k8s.io/v1 Event columns: the core Event table read from this version's names
// (regarding, note, deprecatedSource, deprecatedFirstTimestamp, …).
import type { JsonObject, Printer } from '../../../table/index.js';
import { integer, text } from '../../common/fields.js';
import {
  firstSeen,
  involvedObject,
  lastSeen,
  message,
  occurrences,
  seriesOf,
  source,
  type EventFields,
} from '../../core/event/columns.js';

function fields(event: JsonObject): EventFields {
  return {
    firstTimestamp: event['deprecatedFirstTimestamp'],
    lastTimestamp: event['deprecatedLastTimestamp'],
    eventTime: event['eventTime'],
    series: seriesOf(event['series']),
    count: integer(event, 'deprecatedCount'),
    objectKind: text(event, 'regarding', 'kind'),
    objectName: text(event, 'regarding', 'name'),
    sourceComponent: text(event, 'deprecatedSource', 'component'),
    sourceHost: text(event, 'deprecatedSource', 'host'),
    reportingController: text(event, 'reportingController'),
    reportingInstance: text(event, 'reportingInstance'),
  };
}

export const eventsV1LastSeen: Printer = (event, context) => lastSeen(fields(event), context);
export const eventsV1FirstSeen: Printer = (event, context) => firstSeen(fields(event), context);
export const eventsV1Count: Printer = (event) => occurrences(fields(event));
export const eventsV1Object: Printer = (event) => involvedObject(fields(event));
export const eventsV1Source: Printer = (event) => source(fields(event));
/** Not referenced by the spec yet (it prints `.note` as is); kube trims the note. */
export const eventsV1Message: Printer = (event) => message(text(event, 'note'));
