import type { Printer } from '../../../table/index.js';
import { entryCount } from '../../common/fields.js';

/** DATA counts text and binary entries together. */
export const configMapData: Printer = (object) => entryCount(object, 'data') + entryCount(object, 'binaryData');
