// A request body to the object an event shows. JSON, YAML and Kubernetes protobuf, decoded
// with the endpoints' own bounded decoders (nesting depth, YAML aliases); anything that does not
// decode is simply not shown, never an error (audit must not fail a request).
import { bodyMediaType, parseJsonBody, parseYamlBody } from '../endpoints/decode-body.js';
import { decodeEnvelopedObject, hasProtobufMagic, isProtobufMediaType } from '../protobuf/index.js';

/** The decoded body, or undefined when it is empty or does not decode. */
export function decodeRequestBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  try {
    if (isProtobufMediaType(contentType)) return decodeEnvelopedObject(body);
    const type = bodyMediaType(contentType);
    if (type === 'application/yaml' || type.endsWith('+yaml')) return parseYamlBody(body);
    if (type === 'application/json' || type.endsWith('+json')) return parseJsonBody(body);
    if (hasProtobufMagic(body)) return decodeEnvelopedObject(body);
  } catch {
    return undefined;
  }
  return undefined;
}
