// A request body to the object an event shows. JSON, YAML and Kubernetes protobuf; anything
// that does not decode is simply not shown, never an error (audit must not fail a request).
import { parse as parseYaml } from 'yaml';
import { decodeEnvelopedObject, hasProtobufMagic, isProtobufMediaType } from '../protobuf/index.js';

function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

function decodeJson(body: Buffer): unknown {
  return JSON.parse(body.toString('utf8')) as unknown;
}

/** The decoded body, or undefined when it is empty or does not decode. */
export function decodeRequestBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  try {
    if (isProtobufMediaType(contentType)) return decodeEnvelopedObject(body);
    const type = mediaType(contentType);
    if (type === 'application/yaml' || type.endsWith('+yaml')) return parseYaml(body.toString('utf8')) as unknown;
    if (type === 'application/json' || type.endsWith('+json') || type === '') return decodeJson(body);
    if (hasProtobufMagic(body)) return decodeEnvelopedObject(body);
  } catch {
    return undefined;
  }
  return undefined;
}
