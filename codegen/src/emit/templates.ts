// Handlebars templates for the fixed-shape files, compiled once per process.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function render(name: string, data: object): string {
  let t = cache.get(name);
  if (!t) {
    const text = readFileSync(new URL(`../../templates/${name}.hbs`, import.meta.url), 'utf8');
    t = Handlebars.compile(text, { noEscape: true, strict: true });
    cache.set(name, t);
  }
  // Template whitespace around block helpers leaves blank runs; collapse them to one.
  return t(data).replace(/\n{3,}/g, '\n\n');
}
