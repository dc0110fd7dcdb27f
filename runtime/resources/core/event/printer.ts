// core/v1 Event columns.
import type { JsonObject, Printer } from '../../../table/index.js';
import { at, integer, text } from '../../common/fields.js';
import { firstSeen, involvedObject, lastSeen, message, occurrences, seriesOf, source, type EventFields } from './columns.js';

function fields(event: JsonObject): EventFields {
  return {
    firstTimestamp: event['firstTimestamp'],
    lastTimestamp: event['lastTimestamp'],
    eventTime: event['eventTime'],
    series: seriesOf(event['series']),
    count: integer(event, 'count'),
    objectKind: text(event, 'involvedObject', 'kind'),
    objectName: text(event, 'involvedObject', 'name'),
    sourceComponent: text(at(event, 'source'), 'component'),
    sourceHost: text(at(event, 'source'), 'host'),
    reportingController: text(event, 'reportingComponent'),
    reportingInstance: text(event, 'reportingInstance'),
  };
}

export const eventLastSeen: Printer = (event, context) => lastSeen(fields(event), context);
export const eventFirstSeen: Printer = (event, context) => firstSeen(fields(event), context);
export const eventCount: Printer = (event) => occurrences(fields(event));
export const eventObject: Printer = (event) => involvedObject(fields(event));
export const eventSource: Printer = (event) => source(fields(event));
/** Not referenced by the spec yet (it prints `.message` as is); kube trims the message. */
export const eventMessage: Printer = (event) => message(text(event, 'message'));
