// Note bodies arrive sanitised by the server (server/modules/notes/note-html.ts). Before they go into the page we
// reduce them once more to the same allow-list, in an inert document, so a body that reached the database some
// other way still cannot run script or pull in content: defence in depth, not the primary guard.

const TAGS = new Set([
  'P',
  'BR',
  'STRONG',
  'EM',
  'U',
  'S',
  'CODE',
  'PRE',
  'BLOCKQUOTE',
  'UL',
  'OL',
  'LI',
  'H2',
  'H3',
  'HR',
  'A',
  'SPAN',
]);
// Elements whose content goes with them; other unknown elements are unwrapped and keep their text.
const DROP_WITH_CONTENT = new Set([
  'SCRIPT',
  'STYLE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'TEMPLATE',
  'NOSCRIPT',
  'SVG',
  'MATH',
]);
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function clean(node: Element): void {
  for (const child of [...node.children]) {
    const tag = child.tagName.toUpperCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      child.remove();
      continue;
    }
    clean(child);
    const isMention =
      tag === 'SPAN' && child.getAttribute('data-type') === 'mention' && UUID.test(child.getAttribute('data-id') ?? '');
    if (!TAGS.has(tag) || (tag === 'SPAN' && !isMention)) {
      child.replaceWith(...child.childNodes);
      continue;
    }
    for (const attr of [...child.attributes]) {
      const keep =
        (tag === 'A' && attr.name === 'href' && SAFE_HREF.test(attr.value.trim())) ||
        (isMention && (attr.name === 'data-type' || attr.name === 'data-id' || attr.name === 'data-label'));
      if (!keep) child.removeAttribute(attr.name);
    }
    if (tag === 'A') {
      child.setAttribute('target', '_blank');
      child.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
}

export function safeNoteHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}
