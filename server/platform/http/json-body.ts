// JSON request bodies are parsed once here, before validation: a text with a NUL character (which
// PostgreSQL cannot store in text or jsonb) or a document nested deeper than any API input needs
// is refused with 400, instead of failing later in the database or the serializer.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Deeper than any body the API takes (a saved view's query is the deepest, bounded at 20). */
export const MAX_BODY_DEPTH = 32;

/** How deeply a JSON value nests (a scalar is 0, `{}` or `[]` is 1); stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

const refuse = (path: string, message: string) =>
  new AppError('validation_failed', 400, `${path}: ${message}`, { errors: [{ path, message }] });

/** Throws a 400 for the first NUL character (in a key or a text) or a nesting deeper than allowed. */
export function checkJsonBody(body: unknown): void {
  const stack: [unknown, string, number][] = [[body, 'body', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw refuse(path, 'Text must not contain the NUL character (\\u0000)');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) throw refuse(path, `Nested deeper than ${MAX_BODY_DEPTH} levels`);
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\u0000')) throw refuse(path, 'A key must not contain the NUL character (\\u0000)');
      stack.push([child, `${path}.${key}`, depth + 1]);
    }
  }
}

/** Fastify's own JSON parser (prototype-poisoning safe), followed by the checks above. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err, value) => {
      if (err) return done(err, undefined);
      try {
        checkJsonBody(value);
      } catch (refusal) {
        return done(refusal as Error, undefined);
      }
      done(null, value);
    });
  });
}
