// Rich-text note bodies: the editor's HTML reduced to the formatting it offers (tiptap's starter
// kit, links and @mentions), the plain text derived from it, and the users it mentions.
import sanitizeHtml from 'sanitize-html';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'u',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'hr',
  ].concat(['a', 'span']),
  allowedAttributes: {
    a: ['href', 'target', 'rel'],
    span: ['data-type', 'data-id', 'data-label'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Unknown tags go, their text stays; script/style contents go entirely (sanitize-html's default).
  disallowedTagsMode: 'discard',
  transformTags: {
    b: 'strong',
    i: 'em',
    strike: 's',
    del: 's',
    h1: 'h2',
    h4: 'h3',
    h5: 'h3',
    h6: 'h3',
    div: 'p',
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
      },
    }),
  },
  // A span is only kept as a mention pill; any other span (styling pasted from elsewhere) is unwrapped.
  exclusiveFilter: (frame) =>
    frame.tag === 'span' && !(frame.attribs['data-type'] === 'mention' && UUID.test(frame.attribs['data-id'] ?? ''))
      ? 'excludeTag'
      : false,
};

export function sanitizeNoteHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return entities[code.toLowerCase()] ?? whole;
  });
}

/** Plain text of sanitised note HTML: block ends become line breaks, for search and previews. */
export function noteHtmlToText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h2|h3|blockquote|pre)>/gi, '\n')
    .replace(/<hr\s*\/?>/gi, '\n');
  const stripped = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(stripped)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** User ids of the mention spans, in order of first appearance. */
export function mentionedIds(html: string): string[] {
  const ids: string[] = [];
  for (const [, attrs] of html.matchAll(/<span\b([^>]*)>/gi)) {
    if (!/\bdata-type="mention"/.test(attrs!)) continue;
    const id = /\bdata-id="([^"]+)"/.exec(attrs!)?.[1]?.toLowerCase();
    if (id && UUID.test(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function preview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
