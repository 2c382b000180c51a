// The right of access (GDPR art. 15): one contact's complete data as a ZIP — a JSON document per part
// of the record, and the files attached to it (picture, note and message attachments) as themselves.
import { Readable } from 'node:stream';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import yazl from 'yazl';
import { appointments, noteAttachments, notes, tasks } from '../../db/schema/activity.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { files } from '../../db/schema/files.ts';
import { journalEntries } from '../../db/schema/journal.ts';
import { messageAttachments, messages } from '../../db/schema/messages.ts';
import {
  contactGroupMembers,
  contactGroups,
  contactLinks,
  contactRelations,
  relationTypes,
} from '../../db/schema/relationships.ts';
import { opportunities, opportunityContacts } from '../../db/schema/revenue.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { record } from '../../platform/journal/journal.ts';
import { requireContact } from '../contacts/contact-access.ts';
import { slugForFilename } from '../contacts/contact-derive.ts';
import { buildProfile } from '../contacts/contact-profile.ts';
import { toEntryDto } from '../timeline/timeline.service.ts';
import { contactFieldFiles, type FieldFile } from './field-files.ts';

/** A person's history is bounded; an archive never loads an unbounded set. */
const MAX_ROWS = 100_000;

export interface PersonalDataArchive {
  filename: string;
  stream: Readable;
}

interface ArchivedFile {
  id: string;
  /** Where the bytes are inside the ZIP. */
  path: string;
  filename: string;
  contentType: string;
  size: number;
  /** The id is the note's or message's, the field's key, or the file's own for the picture. */
  attachedTo: { type: 'contact_picture' | 'custom_field' | 'note' | 'message'; id: string };
  storageKey: string;
}

/** A file name that is safe in a ZIP (no directories, no control characters) and still readable. */
function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim();
  return (cleaned || 'file').slice(0, 150);
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

async function collect(ctx: Ctx, contactId: string) {
  const ws = ctx.workspaceId;
  const [
    noteRows,
    taskRows,
    appointmentRows,
    messageRows,
    opportunityRows,
    relationRows,
    linkRows,
    groupRows,
    journalRows,
  ] = await Promise.all([
    ctx.db
      .select()
      .from(notes)
      .where(and(eq(notes.workspaceId, ws), eq(notes.contactId, contactId)))
      .orderBy(asc(notes.createdAt))
      .limit(MAX_ROWS),
    ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, ws), eq(tasks.contactId, contactId)))
      .orderBy(asc(tasks.createdAt))
      .limit(MAX_ROWS),
    ctx.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.workspaceId, ws), eq(appointments.contactId, contactId)))
      .orderBy(asc(appointments.startsAt))
      .limit(MAX_ROWS),
    ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, ws), eq(messages.contactId, contactId)))
      .orderBy(asc(messages.createdAt), asc(messages.id))
      .limit(MAX_ROWS),
    ctx.db
      .select({ opportunity: opportunities, role: opportunityContacts.role })
      .from(opportunities)
      .leftJoin(
        opportunityContacts,
        and(
          eq(opportunityContacts.workspaceId, opportunities.workspaceId),
          eq(opportunityContacts.opportunityId, opportunities.id),
          eq(opportunityContacts.contactId, contactId),
        ),
      )
      .where(
        and(
          eq(opportunities.workspaceId, ws),
          or(eq(opportunities.contactId, contactId), sql`${opportunityContacts.contactId} is not null`),
        ),
      )
      .orderBy(asc(opportunities.createdAt))
      .limit(MAX_ROWS),
    ctx.db
      .select({
        id: contactRelations.id,
        fromContactId: contactRelations.fromContactId,
        toContactId: contactRelations.toContactId,
        label: relationTypes.label,
        inverseLabel: relationTypes.inverseLabel,
        note: contactRelations.note,
        otherName: contacts.displayName,
        createdAt: contactRelations.createdAt,
      })
      .from(contactRelations)
      .innerJoin(
        relationTypes,
        and(eq(relationTypes.workspaceId, contactRelations.workspaceId), eq(relationTypes.id, contactRelations.typeId)),
      )
      .innerJoin(
        contacts,
        and(
          eq(contacts.workspaceId, contactRelations.workspaceId),
          sql`${contacts.id} = case when ${contactRelations.fromContactId} = ${contactId}::uuid
            then ${contactRelations.toContactId} else ${contactRelations.fromContactId} end`,
        ),
      )
      .where(
        and(
          eq(contactRelations.workspaceId, ws),
          or(eq(contactRelations.fromContactId, contactId), eq(contactRelations.toContactId, contactId)),
        ),
      )
      .limit(MAX_ROWS),
    ctx.db
      .select({ link: contactLinks, otherName: contacts.displayName })
      .from(contactLinks)
      .innerJoin(
        contacts,
        and(
          eq(contacts.workspaceId, contactLinks.workspaceId),
          sql`${contacts.id} = case when ${contactLinks.personId} = ${contactId}::uuid
            then ${contactLinks.businessId} else ${contactLinks.personId} end`,
        ),
      )
      .where(
        and(
          eq(contactLinks.workspaceId, ws),
          or(eq(contactLinks.personId, contactId), eq(contactLinks.businessId, contactId)),
        ),
      )
      .limit(MAX_ROWS),
    ctx.db
      .select({ id: contactGroups.id, name: contactGroups.name, addedAt: contactGroupMembers.createdAt })
      .from(contactGroupMembers)
      .innerJoin(
        contactGroups,
        and(
          eq(contactGroups.workspaceId, contactGroupMembers.workspaceId),
          eq(contactGroups.id, contactGroupMembers.groupId),
        ),
      )
      .where(and(eq(contactGroupMembers.workspaceId, ws), eq(contactGroupMembers.contactId, contactId))),
    ctx.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.workspaceId, ws), eq(journalEntries.contactId, contactId)))
      .orderBy(asc(journalEntries.occurredAt), asc(journalEntries.id))
      .limit(MAX_ROWS),
  ]);
  return {
    noteRows,
    taskRows,
    appointmentRows,
    messageRows,
    opportunityRows,
    relationRows,
    linkRows,
    groupRows,
    journalRows,
  };
}

/** The files attached to the contact, its notes and its messages, each with its place in the ZIP. */
async function attachedFiles(
  ctx: Ctx,
  pictureFileId: string | null,
  fieldFiles: FieldFile[],
  noteIds: string[],
  messageIds: string[],
): Promise<ArchivedFile[]> {
  const ws = ctx.workspaceId;
  const [noteFiles, messageFiles, picture, fieldRows] = await Promise.all([
    noteIds.length
      ? ctx.db
          .select({ file: files, ownerId: noteAttachments.noteId })
          .from(noteAttachments)
          .innerJoin(
            files,
            and(eq(files.workspaceId, noteAttachments.workspaceId), eq(files.id, noteAttachments.fileId)),
          )
          .where(and(eq(noteAttachments.workspaceId, ws), inArray(noteAttachments.noteId, noteIds)))
      : [],
    messageIds.length
      ? ctx.db
          .select({ file: files, ownerId: messageAttachments.messageId })
          .from(messageAttachments)
          .innerJoin(
            files,
            and(eq(files.workspaceId, messageAttachments.workspaceId), eq(files.id, messageAttachments.fileId)),
          )
          .where(and(eq(messageAttachments.workspaceId, ws), inArray(messageAttachments.messageId, messageIds)))
      : [],
    pictureFileId
      ? ctx.db
          .select()
          .from(files)
          .where(and(eq(files.workspaceId, ws), eq(files.id, pictureFileId)))
      : [],
    fieldFiles.length
      ? ctx.db
          .select()
          .from(files)
          .where(
            and(
              eq(files.workspaceId, ws),
              inArray(
                files.id,
                fieldFiles.map((f) => f.fileId),
              ),
            ),
          )
      : [],
  ]);
  const out: ArchivedFile[] = [];
  const add = (file: typeof files.$inferSelect, attachedTo: ArchivedFile['attachedTo'], folder: string) =>
    out.push({
      id: file.id,
      path: `files/${folder}/${file.id.slice(0, 8)}-${safeName(file.filename)}`,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      attachedTo,
      storageKey: file.storageKey,
    });
  for (const f of picture) add(f, { type: 'contact_picture', id: f.id }, 'picture');
  for (const field of fieldFiles) {
    const f = fieldRows.find((r) => r.id === field.fileId);
    if (f) add(f, { type: 'custom_field', id: field.key }, 'fields');
  }
  for (const r of noteFiles) add(r.file, { type: 'note', id: r.ownerId }, 'notes');
  for (const r of messageFiles) add(r.file, { type: 'message', id: r.ownerId }, 'messages');
  return out;
}

/**
 * Builds the archive of one contact the caller may see, journals the download (who took whose data)
 * and returns the ZIP as a stream: the JSON parts are in memory, the files are read from storage one
 * after another while the response is written.
 */
export async function buildPersonalDataArchive({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<PersonalDataArchive> {
  const contact = await requireContact(ctx, contactId);
  const [profile, parts] = await Promise.all([buildProfile(ctx, contact), collect(ctx, contactId)]);
  const fileList = await attachedFiles(
    ctx,
    contact.pictureFileId,
    await contactFieldFiles(ctx, contact),
    parts.noteRows.map((n) => n.id),
    parts.messageRows.map((m) => m.id),
  );
  await inTransaction(ctx, (tx) =>
    record(tx, {
      contactId,
      kind: 'contact.personal_data_exported',
      category: 'admin',
      data: { files: fileList.length },
    }),
  );

  const filesOf = (type: ArchivedFile['attachedTo']['type'], id: string) =>
    fileList.filter((f) => f.attachedTo.type === type && f.attachedTo.id === id).map((f) => f.path);
  const {
    emails,
    phones,
    locations,
    tags: tagList,
    followers,
    fields,
    ...details
  } = profile as typeof profile & Record<string, unknown>;
  const entries: [string, unknown][] = [
    [
      'README.txt',
      `Personal data held about ${contact.displayName} (${contact.id}), exported ${new Date().toISOString()}.\n` +
        'Each JSON file is one part of the record; files/ holds the attached files as they were stored.\n',
    ],
    ['contact.json', details],
    ['emails.json', emails],
    ['phones.json', phones],
    ['locations.json', locations],
    ['tags.json', tagList],
    [
      'custom-fields.json',
      fields.map((f) => ({
        ...f,
        value: profile.custom[f.key] ?? null,
        file: filesOf('custom_field', f.key)[0] ?? undefined,
      })),
    ],
    ['followers.json', followers],
    ['notes.json', parts.noteRows.map((n) => ({ ...n, attachments: filesOf('note', n.id) }))],
    ['tasks.json', parts.taskRows],
    ['appointments.json', parts.appointmentRows],
    ['messages.json', parts.messageRows.map((m) => ({ ...m, attachments: filesOf('message', m.id) }))],
    ['opportunities.json', parts.opportunityRows.map((r) => ({ ...r.opportunity, roleAsFurtherContact: r.role }))],
    [
      'relations.json',
      {
        relations: parts.relationRows.map((r) => {
          const outgoing = r.fromContactId === contactId;
          return {
            id: r.id,
            label: outgoing ? r.label : r.inverseLabel,
            otherContact: { id: outgoing ? r.toContactId : r.fromContactId, displayName: r.otherName },
            note: r.note,
            createdAt: r.createdAt,
          };
        }),
        businessLinks: parts.linkRows.map((r) => ({ ...r.link, otherContactName: r.otherName })),
        groups: parts.groupRows,
      },
    ],
    ['journal.json', parts.journalRows.map(toEntryDto)],
    ['files.json', fileList.map(({ storageKey: _key, ...f }) => f)],
  ];

  const zip = new yazl.ZipFile();
  for (const [name, value] of entries) {
    zip.addBuffer(typeof value === 'string' ? Buffer.from(value, 'utf8') : json(value), name);
  }
  for (const f of fileList) {
    // Opened only when the ZIP reaches it, so a hundred attachments do not hold a hundred descriptors.
    zip.addReadStreamLazy(f.path, { compress: !/^(image|video|audio)\/|zip|pdf/.test(f.contentType) }, (cb) => {
      ctx.deps.storage.get(f.storageKey).then(
        (stream) => cb(null, stream),
        (err: unknown) => {
          // A file row whose bytes are gone: the archive says so instead of breaking off mid-download.
          ctx.deps.logger.warn({ err, fileId: f.id }, 'personal-data archive: stored file missing');
          cb(null, Readable.from([Buffer.from(`The stored file ${f.id} could not be read.\n`)]));
        },
      );
    });
  }
  zip.end();
  const date = new Date().toISOString().slice(0, 10);
  return {
    filename: `personal-data-${slugForFilename(contact.displayName)}-${contact.id.slice(0, 8)}-${date}.zip`,
    stream: zip.outputStream as Readable,
  };
}
