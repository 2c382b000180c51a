// Inbound email HTML made safe to show in the thread: the formatting mail clients write (tables,
// images, simple inline styles) stays; scripts, forms, frames, event handlers and remote CSS go.
import sanitizeHtml from 'sanitize-html';

const styleValue = [/^[#a-z0-9(),.%\s-]+$/i];

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'div',
    'span',
    'br',
    'hr',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'strike',
    'del',
    'sub',
    'sup',
    'small',
    'big',
    'font',
    'center',
    'code',
    'pre',
    'blockquote',
    'q',
    'cite',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'td',
    'th',
    'caption',
    'colgroup',
    'col',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    font: ['color', 'size', 'face'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width', 'bgcolor'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width', 'bgcolor'],
    table: ['width', 'border', 'cellpadding', 'cellspacing', 'align', 'bgcolor'],
    col: ['span', 'width'],
    '*': ['style', 'align', 'dir'],
  },
  // Only presentational properties, and no url(): a remote background would be a tracking request.
  allowedStyles: {
    '*': {
      color: styleValue,
      'background-color': styleValue,
      'text-align': [/^(left|right|center|justify)$/],
      'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/],
      'font-style': [/^(normal|italic|oblique)$/],
      'text-decoration': [/^[a-z\s-]+$/],
      'font-size': [/^[\d.]+(px|pt|em|rem|%)$/],
      width: [/^[\d.]+(px|%)$/],
      height: [/^[\d.]+(px|%)$/],
      padding: [/^[\d.\spx%]+$/],
      margin: [/^[\d.\spx%auto]+$/],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // cid: references inline parts; the pipeline points them at the stored files.
  allowedSchemesByTag: { img: ['https', 'cid', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        ...(attribs.title ? { title: attribs.title } : {}),
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
      },
    }),
  },
  // A data: image is kept only when it really is an image (never data:text/html).
  exclusiveFilter: (frame) =>
    frame.tag === 'img' &&
    typeof frame.attribs.src === 'string' &&
    frame.attribs.src.toLowerCase().startsWith('data:') &&
    !/^data:image\/(png|jpeg|gif|webp);base64,/i.test(frame.attribs.src),
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

const storedOptions: sanitizeHtml.IOptions = {
  ...options,
  allowedSchemesByTag: { img: ['data'] },
  // An image whose source was removed is dropped whole.
  exclusiveFilter: (frame) => options.exclusiveFilter!(frame) || (frame.tag === 'img' && !frame.attribs.src),
};

/**
 * The body as the thread shows it, once its inline images point at stored files: images come only
 * from Dossier itself (or data:). A remote image would tell the sender when and where the mail was
 * read, and the app's Content-Security-Policy would refuse it anyway.
 */
export function sanitizeStoredEmailHtml(html: string): string {
  return sanitizeHtml(html, storedOptions).trim();
}
