// The Event table, shared by core/v1 and events.k8s.io/v1: kube converts both to one internal
// Event before printing, so only the field names differ. Each version maps its object onto
// EventFields and uses these formatters.
import { timestampAge, type Cell, type PrinterContext } from '../../../table/index.js';
import { record } from '../../common/fields.js';

export interface EventFields {
  readonly firstTimestamp: unknown;
  readonly lastTimestamp: unknown;
  readonly eventTime: unknown;
  /** Present (possibly empty) when the event is a series. */
  readonly series: Readonly<Record<string, unknown>> | undefined;
  readonly count: number;
  readonly objectKind: string;
  readonly objectName: string;
  readonly sourceComponent: string;
  readonly sourceHost: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
}

/** FIRST SEEN: firstTimestamp, or eventTime for events written by the new API. */
export function firstSeen(event: EventFields, context: PrinterContext): Cell {
  return isSet(event.firstTimestamp)
    ? timestampAge(event.firstTimestamp, context.now)
    : timestampAge(event.eventTime, context.now);
}

/** LAST SEEN: the series' last observation, else lastTimestamp, else FIRST SEEN. */
export function lastSeen(event: EventFields, context: PrinterContext): Cell {
  if (event.series !== undefined) return timestampAge(event.series['lastObservedTime'], context.now);
  return isSet(event.lastTimestamp) ? timestampAge(event.lastTimestamp, context.now) : firstSeen(event, context);
}

/** COUNT: the series' count, else count, where 0 means a singleton (1). */
export function occurrences(event: EventFields): Cell {
  if (event.series !== undefined) {
    const count = event.series['count'];
    return typeof count === 'number' ? Math.trunc(count) : 0;
  }
  return event.count === 0 ? 1 : event.count;
}

/** OBJECT: `kind/name` with the kind lower-cased, or just the kind when there is no name. */
export function involvedObject(event: EventFields): Cell {
  const kind = event.objectKind.toLowerCase();
  return event.objectName === '' ? kind : `${kind}/${event.objectName}`;
}

/** SOURCE: `component, host`, each falling back to the reporting controller / instance. */
export function source(event: EventFields): Cell {
  const component = event.sourceComponent || event.reportingController;
  const host = event.sourceHost || event.reportingInstance;
  return host === '' ? component : `${component}, ${host}`;
}

// Go's unicode.IsSpace set, which is not quite JavaScript's trim() set (NEL vs BOM).
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const OUTER_SPACE = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** MESSAGE: the message without surrounding white space. */
export function message(text: string): Cell {
  return text.replace(OUTER_SPACE, '');
}

export function seriesOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return record(value);
}

// Timestamps are unset when absent, null or Go's zero time; timestampAge tells the last apart.
function isSet(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && timestampAge(value, 0) !== '<unknown>';
}
