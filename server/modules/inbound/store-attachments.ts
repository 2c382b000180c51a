// Attachments and inline images of inbound messages kept as files (the workspace's file storage).
// A part the upload rules would refuse (an image whose bytes are not that image, an unknown image
// type such as SVG, which could carry script) is kept as application/octet-stream rather than lost;
// one over the size limit is skipped.
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { IMAGE_TYPES, storeFile } from '../files/files.service.ts';

export interface StoredAttachment {
  fileId: string;
  filename: string;
  contentType: string;
  contentId: string | null;
  inline: boolean;
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId?: string | null;
  inline?: boolean;
}

export async function storeAttachments(
  ctx: Ctx,
  parts: AttachmentInput[],
): Promise<{ stored: StoredAttachment[]; skipped: string[] }> {
  const stored: StoredAttachment[] = [];
  const skipped: string[] = [];
  for (const part of parts) {
    const type = part.contentType.toLowerCase();
    const safeType = type.startsWith('image/') && !IMAGE_TYPES.includes(type) ? 'application/octet-stream' : type;
    const input = { filename: part.filename, contentType: safeType, data: part.content };
    let file;
    try {
      file = await storeFile(ctx, input);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.status === 415) {
        file = await storeFile(ctx, { ...input, contentType: 'application/octet-stream' });
      } else {
        ctx.deps.logger.warn({ filename: part.filename, err: err.detail }, 'inbound attachment skipped');
        skipped.push(part.filename);
        continue;
      }
    }
    stored.push({
      fileId: file.id,
      filename: file.filename,
      contentType: file.contentType,
      contentId: part.contentId ?? null,
      inline: Boolean(part.inline),
    });
  }
  return { stored, skipped };
}

/** Points the `cid:` references of an email's HTML at the stored inline images. */
export function linkInlineImages(html: string, attachments: StoredAttachment[]): string {
  let out = html;
  for (const a of attachments) {
    if (!a.contentId) continue;
    out = out.split(`cid:${a.contentId}`).join(`/api/v1/files/${a.fileId}`);
  }
  return out;
}
